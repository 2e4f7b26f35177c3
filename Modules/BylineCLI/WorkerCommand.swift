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

    @Flag(help: "Run the built-ins that produce what this analyzer consumes inside the worker, and declare no consumes (for comparisons).")
    var standalone = false

    @OptionGroup var options: WorkerOptions

    func validate() throws {
        guard BuiltinAnalyzers.makers[name] != nil else {
            throw ValidationError("unknown plugin '\(name)'; built in: \(Builtins.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard let analyzer = try standalone ? BuiltinAnalyzers.makeStandalone(name) : BuiltinAnalyzers.make(name) else { return }
        try await WorkerMain.serve(analyzer, options: options)
    }
}
