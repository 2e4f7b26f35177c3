import ArgumentParser

@main
struct Byline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline",
        abstract: "Turn news articles into one structured model: entities, quotes and stances, sentiment, timeline.",
        discussion: """
            Analyzers run as separate worker processes that talk to a coordinator over ZeroMQ.
            `byline analyze` runs a private coordinator and workers for one command; `byline up`
            runs a long-lived cluster; `byline coordinator` and `byline worker` spread one over machines.
            """,
        version: BylineVersion.current,
        subcommands: [
            AnalyzeCommand.self, UpCommand.self, CoordinatorCommand.self, WorkerCommand.self, PluginsCommand.self,
            BatchCommand.self, QueryCommand.self, ExportCommand.self, ExtractCommand.self, ReportCommand.self, ServeCommand.self, KeygenCommand.self, EvalCommand.self,
        ])
}

enum BylineVersion {
    static let current = "0.1.0"
}
