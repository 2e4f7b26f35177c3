import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Paths of the repository and of the built executables.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// The build products directory: where this test bundle and the executables are.
    static let products: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().path
    }()
    static let byline = products + "/byline"
    static let seed = repository + "/seeds/000_fcf9f9938e4dd5df.txt"
    static let pythonPlugin = repository + "/Plugins/examples/python/keywords.py"

    static func temporaryDirectory() -> String {
        var template = Array("/tmp/byline-test-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template)!)
    }
}

/// A child process with captured output.
final class Child: @unchecked Sendable {
    // @unchecked: Process is used from the test thread only; the output buffers are locked.
    let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let output = OutputBuffer()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Paths.repository)
        var env = ProcessInfo.processInfo.environment
        env["BYLINE_LOG_LEVEL"] = env["BYLINE_LOG_LEVEL"] ?? "warning"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = stdout
        process.standardError = stderr
        let input = Pipe()
        process.standardInput = input
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.state.withLock { $0.out.append(data) }
        }
        stderr.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.state.withLock { $0.err.append(data) }
        }
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
    }

    var pid: Int32 { process.processIdentifier }
    var standardOutput: String { output.state.withLock { String(decoding: $0.out, as: UTF8.self) } }
    var standardError: String { output.state.withLock { String(decoding: $0.err, as: UTF8.self) } }

    /// Waits for exit, at most `seconds`; kills the process if it overstays. Returns the exit status.
    @discardableResult
    func wait(seconds: Double = 60) -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            Issue.record("process \(process.executableURL!.lastPathComponent) \(process.arguments ?? []) did not exit within \(seconds) s")
        }
        process.waitUntilExit()
        // Let the pipes drain.
        usleep(50_000)
        return process.terminationStatus
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
    }
}

final class OutputBuffer: Sendable {
    let state = Mutex<(out: Data, err: Data)>((Data(), Data()))
}

/// Runs a command to completion.
func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, seconds: Double = 60) throws -> (status: Int32, out: String, err: String) {
    let child = try Child(executable, arguments, stdin: stdin)
    let status = child.wait(seconds: seconds)
    return (status, child.standardOutput, child.standardError)
}

/// Process ids of live processes whose command line contains `needle`.
func processes(matching needle: String) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { pid in
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return false }
        let command = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
        guard command.contains(needle) else { return false }
        // Zombies have exited already.
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        return !status.contains("State:\tZ")
    }
}

/// Polls `condition` every 20 ms until it holds or `seconds` pass.
func eventually(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(20_000)
    }
    return try condition()
}

/// Every suite that starts processes or binds sockets runs under this one, one test at a time, so
/// that no two of them compete for the machine or see each other's processes.
@Suite(.serialized) enum EndToEnd {}
