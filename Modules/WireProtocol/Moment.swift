#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on a monotonic clock, in nanoseconds from an arbitrary origin.
///
/// State machines take moments as input instead of reading a clock, so tests drive time by hand.
public struct Moment: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func milliseconds(_ ms: Int64) -> Moment { Moment(nanoseconds: ms * 1_000_000) }

    /// Reads `CLOCK_MONOTONIC`.
    public static func now() -> Moment {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Moment(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }

    public func adding(milliseconds: Int) -> Moment {
        Moment(nanoseconds: nanoseconds + Int64(milliseconds) * 1_000_000)
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later).
    public func milliseconds(since earlier: Moment) -> Double {
        Double(nanoseconds - earlier.nanoseconds) / 1_000_000
    }

    public static func < (lhs: Moment, rhs: Moment) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "\(Double(nanoseconds) / 1_000_000)ms" }
}
