import AnalyzerRuntime
import ArgumentParser
import BuiltinAnalyzers

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Serve one built-in analyzer to a coordinator until SIGTERM or SIGINT.",
        discussion: "Connects (and reconnects) to --connect or $BYLINE_CONNECT. Run several to share the load.")

    @Argument(help: "Built-in analyzer to serve.")
    var name: String

    @OptionGroup var options: WorkerOptions

    func validate() throws {
        guard BuiltinAnalyzers.makers[name] != nil else {
            throw ValidationError("unknown plugin '\(name)'; built in: \(Builtins.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let analyzer = try BuiltinAnalyzers.make(name) else { return }
        try await WorkerMain.serve(analyzer, options: options)
    }
}
