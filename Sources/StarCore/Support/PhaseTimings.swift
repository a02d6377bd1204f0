import Foundation

/// Where the time of a long command goes (`STAR_TIMINGS=1`, docs/benchmarks.md): marks along the way, each
/// with the milliseconds since the first. StarCore only makes the marks; the command layer decides whether
/// and where they are shown.
public enum PhaseTimings {
    /// Receives each mark (name, milliseconds since the first mark); nil, the default, keeps none. Set once,
    /// before any work starts.
    nonisolated(unsafe) public static var sink: (@Sendable (String, Int) -> Void)? {
        didSet { start = DispatchTime.now().uptimeNanoseconds }
    }
    nonisolated(unsafe) private static var start: UInt64 = 0

    static func mark(_ phase: @autoclosure () -> String) {
        guard let sink else { return }
        sink(phase(), Int((Int64(DispatchTime.now().uptimeNanoseconds) - Int64(start)) / 1_000_000))
    }
}
