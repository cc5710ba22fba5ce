import FileIO

#if canImport(Glibc)
  import Glibc
#endif

/// Helpers shared by every fuzz target under `Fuzz/Targets`.
///
/// Each target is one file with a `LLVMFuzzerTestOneInput` entry point,
/// compiled with this file by `scripts/build-fuzzers.sh`. A target returns
/// normally when the reader accepts the input or rejects it with the error
/// the product promises. Anything else is a finding, which ends the
/// process so that libFuzzer saves the input. Findings are a crash or
/// sanitizer report inside the reader, an error of another type, an
/// `InputError` that does not name the file, and a value that does not
/// survive a write and a read.
enum Fuzz {
  /// The path the targets pass to the readers, which every `InputError`
  /// must name.
  static let path = "fuzz-input"

  /// Copies libFuzzer's input into an array.
  static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
  }

  /// Runs `body`, which may succeed or throw an `InputError` that names
  /// `path`. Any other error stops the process.
  static func expectAcceptedOrRejected(_ body: () throws -> Void) {
    do {
      try body()
    } catch let error as InputError {
      guard error.path == path else {
        fail("an InputError does not name the file: \(error)")
      }
    } catch {
      fail("threw \(type(of: error)) instead of InputError: \(error)")
    }
  }

  /// Writes `message` to stderr and aborts, which libFuzzer reports as a
  /// crash and saves the input for.
  static func fail(_ message: String) -> Never {
    fputs("fuzz finding: \(message)\n", stderr)
    abort()
  }
}
