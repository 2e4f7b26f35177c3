import AnalyzerRuntime
import ArgumentParser

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve one built-in analyzer to a coordinator until SIGTERM or SIGINT.",
        discussion: "Connects (and reconnects) to --connect or $BYLINE_CONNECT. Run several to share the load.")

    @Argument(help: "Built-in analyzer to serve.")
    var name: String

    @OptionGroup var options: WorkerOptions

    func validate() throws {
        if Builtins.analyzers[name] == nil {
            throw ValidationError("unknown plugin '\(name)'; built in: \(Builtins.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let analyzer = try Builtins.analyzers[name]!()
        try await WorkerMain.serve(analyzer, options: options)
    }
}
