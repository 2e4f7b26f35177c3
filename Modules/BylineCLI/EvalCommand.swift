import ArgumentParser

/// `byline eval …`: run an analyzer in-process over a public data set's format and write our
/// predictions in that format, with scores on stderr when gold labels are present.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run an analyzer over a data set's format; write predictions, print scores to stderr.",
        subcommands: [
            // Each analyzer adds its subcommand here (EvalConllCommand, EvalTimeMLCommand, …).
            EvalConllCommand.self,
            EvalTimeMLCommand.self,
            EvalNewsMTSCCommand.self,
            EvalPolNearCommand.self,
            EvalHTMLCommand.self,
            EvalGeoCommand.self,
        ])
}
