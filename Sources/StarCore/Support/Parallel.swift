import Foundation

/// Work spread over the cores: what lets `star validate` check a large repository in little more than the
/// time it takes to read its files.
enum Parallel {
    /// `transform` of 0..<count on `workers` threads, each taking the next number when done with one (so a
    /// slow item or a busy core does not hold the others back); the results in order.
    static func map<Result: Sendable>(
        count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        _ transform: @Sendable (Int) -> Result
    ) -> [Result] {
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
            while let index = slots.claim() {
                slots.set(index, transform(index))
            }
        }
        return slots.values
    }

    /// Runs the two at the same time, and returns when both are done.
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let a = Slots<A>(count: 1)
        let b = Slots<B>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { a.set(0, first()) } else { b.set(0, second()) }
        }
        return (a.values[0], b.values[0])
    }

    /// Work on a thread of its own, which proceeds while the caller goes on (even on every core).
    final class Background<Value: Sendable>: @unchecked Sendable {
        private var value: Value?
        private let done = DispatchSemaphore(value: 0)

        init(_ work: @escaping @Sendable () -> Value) {
            Thread { [self] in
                value = work()
                done.signal()
            }.start()
        }

        /// The result, once the work is done.
        var result: Value {
            done.wait()
            done.signal()
            return value!
        }
    }

    /// Lets go of `value` on a thread of its own, which frees what it holds while the caller goes on (and
    /// exits, when it is a command that has its answer).
    static func drop(_ value: sending some Any) {
        let held = Held(value)
        Thread { held.value = nil }.start()
    }

    private final class Held: @unchecked Sendable {
        var value: Any?
        init(_ value: Any) { self.value = value }
    }

    /// One slot per result, each claimed and written by one thread.
    private final class Slots<Value: Sendable>: @unchecked Sendable {
        private var slots: [Value?]
        private var claimed = 0
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        /// The next slot no thread has claimed yet, if any.
        func claim() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard claimed < slots.count else { return nil }
            claimed += 1
            return claimed - 1
        }

        func set(_ index: Int, _ value: Value) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }

        /// Every slot, once all are written.
        var values: [Value] { slots.map { $0! } }
    }
}
