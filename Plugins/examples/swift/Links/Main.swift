import AnalyzerRuntime

@main
struct Main {
    static func main() async {
        await WorkerMain.run(LinksAnalyzer())
    }
}
