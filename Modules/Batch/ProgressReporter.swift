import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Shows a batch's progress on stderr: a bar redrawn in place on a terminal, a plain line every few
/// seconds otherwise.
public final class ProgressReporter {
    public let total: Int?
    public let interactive: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private let interval: TimeInterval
    private let quiet: Bool

    /// `interactive` defaults to whether stderr is a terminal.
    public init(total: Int?, interactive: Bool? = nil, quiet: Bool = false) {
        self.total = total
        let interactive = interactive ?? (isatty(STDERR_FILENO) != 0)
        self.interactive = interactive
        self.interval = interactive ? 0.1 : 5
        self.quiet = quiet
    }

    func update(written: Int, skipped: Int, failures: Int) {
        guard !quiet, Date().timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = Date()
        draw(written: written, skipped: skipped, failures: failures, final: false)
    }

    func finish(written: Int, skipped: Int, failures: Int) {
        guard !quiet else { return }
        draw(written: written, skipped: skipped, failures: failures, final: true)
    }

    private func draw(written: Int, skipped: Int, failures: Int, final: Bool) {
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(written) / elapsed
        let done = written + skipped
        var line: String
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let remaining = rate > 0 ? Double(max(0, total - done)) / rate : 0
            if interactive {
                let width = 30
                let filled = Int(fraction * Double(width))
                line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            } else {
                line = "progress: "
            }
            line += "\(done)/\(total) " + String(format: "%.0f/s", rate) + " ETA \(clock(remaining)) failures \(failures)"
        } else {
            line = (interactive ? "" : "progress: ") + "\(done) done " + String(format: "%.0f/s", rate) + " failures \(failures)"
        }
        if skipped > 0 { line += " (\(skipped) already done)" }
        if interactive {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line + (final ? "\n" : "")).utf8))
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
