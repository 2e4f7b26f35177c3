import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Guards against a libzmq habit: binding an `ipc://` endpoint silently unlinks a socket file some
/// other live process is listening on. Before binding, try to connect to the file; if someone
/// answers, refuse. A stale file (nobody listening) is fine: libzmq replaces it.
enum EndpointCheck {
    static func ensureFree(_ endpoint: String) throws {
        guard endpoint.hasPrefix("ipc://") else { return }
        let path = String(endpoint.dropFirst("ipc://".count))
        guard !path.hasPrefix("@"), FileManager.default.fileExists(atPath: path) else { return }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if connected == 0 { throw CoordinatorError.endpointInUse(endpoint) }
    }
}
