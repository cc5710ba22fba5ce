import Dispatch

/// Splits elementwise work over the cores.
///
/// Each chunk touches a disjoint range of indices and the order of
/// operations inside an index does not change, so the results are the same
/// bytes whatever the number of chunks.
enum ParallelChunks {
  /// Arrays shorter than this run on the calling thread, where starting
  /// threads would cost more than the work.
  static let minimumParallelCount = 32_768

  /// The number of chunks large arrays are split into.
  static let chunkCount = max(1, min(8, activeProcessorCount()))

  /// Calls `body` on consecutive ranges that cover 0..<`count`, in
  /// parallel when `count` is large.
  static func forEach(
    count: Int, _ body: @Sendable (Range<Int>) -> Void
  ) {
    guard count >= minimumParallelCount, chunkCount > 1 else {
      body(0..<count)
      return
    }
    // Chunk boundaries are multiples of 8 so vector loops see whole
    // vectors.
    let size = ((count + chunkCount - 1) / chunkCount + 7) / 8 * 8
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
      let lower = min(chunk * size, count)
      let upper = min(lower + size, count)
      if lower < upper { body(lower..<upper) }
    }
  }

  private static func activeProcessorCount() -> Int {
    Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// A mutable pointer that may cross into the chunks of `ParallelChunks`,
/// which write disjoint ranges only.
struct SharedPointer: @unchecked Sendable {
  let base: UnsafeMutablePointer<Double>
}

/// A read-only pointer that may cross into the chunks of `ParallelChunks`.
struct SharedConstantPointer: @unchecked Sendable {
  let base: UnsafePointer<Double>
}
