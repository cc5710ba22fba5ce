import CZlib
import Datasets
import FileIO
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Builds the bytes of an IDX file: the magic number, the dimensions and
/// an already encoded payload.
func idxBytes(
  typeCode: UInt8 = 0x08, shape: [UInt32], payload: [UInt8]
) -> [UInt8] {
  var bytes: [UInt8] = [0, 0, typeCode, UInt8(shape.count)]
  for dimension in shape {
    bytes += bigEndianBytes(dimension)
  }
  return bytes + payload
}

/// Returns the four big-endian bytes of `value`.
func bigEndianBytes(_ value: UInt32) -> [UInt8] {
  [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
}

/// Returns the eight big-endian bytes of `value`.
func bigEndianBytes(_ value: UInt64) -> [UInt8] {
  stride(from: 56, through: 0, by: -8).map {
    UInt8(truncatingIfNeeded: value >> UInt64($0))
  }
}

/// Compresses `bytes` into one gzip member with zlib's deflate, so the
/// tests need no `gzip` program.
func gzipCompress(
  _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) -> [UInt8] {
  // zlib checks that the stream keeps one address between calls, so it
  // lives in allocated memory and not in a Swift variable.
  let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
  stream.initialize(to: z_stream())
  defer {
    stream.deinitialize(count: 1)
    stream.deallocate()
  }

  // Window bits 31 = 15 (32 KiB window) + 16 (write a gzip wrapper).
  let initStatus = deflateInit2_(
    stream, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY,
    ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
  #expect(initStatus == Z_OK, sourceLocation: sourceLocation)
  defer { deflateEnd(stream) }

  // deflateBound gives an output size that deflate never exceeds.
  let bound = Int(deflateBound(stream, UInt(bytes.count)))
  var output = [UInt8](repeating: 0, count: bound)
  var input = bytes
  let status = input.withUnsafeMutableBufferPointer { inputBuffer in
    output.withUnsafeMutableBufferPointer { outputBuffer in
      stream.pointee.next_in = inputBuffer.baseAddress
      stream.pointee.avail_in = UInt32(inputBuffer.count)
      stream.pointee.next_out = outputBuffer.baseAddress
      stream.pointee.avail_out = UInt32(outputBuffer.count)
      return deflate(stream, Z_FINISH)
    }
  }
  #expect(status == Z_STREAM_END, sourceLocation: sourceLocation)
  return Array(output[0..<Int(stream.pointee.total_out)])
}

/// Returns `count` bytes that compress poorly, from a fixed linear
/// congruential sequence.
func scrambledBytes(count: Int) -> [UInt8] {
  var state: UInt32 = 12_345
  return (0..<count).map { _ in
    state = state &* 1_103_515_245 &+ 12_345
    return UInt8(truncatingIfNeeded: state >> 16)
  }
}

/// A fresh folder under /tmp for one test's files.
///
/// Call `remove()` in a `defer` right after creating it. Cleanup is not
/// left to `deinit` because an optimized build may release the object
/// after its last use, before the test has read the files.
final class TemporaryFolder {
  let path: String
  private var files: [String] = []
  private var folders: [String] = []

  init(sourceLocation: SourceLocation = #_sourceLocation) throws {
    var template = Array("/tmp/datasets-tests-XXXXXX".utf8CString)
    let created = template.withUnsafeMutableBufferPointer {
      mkdtemp($0.baseAddress!)
    }
    try #require(created != nil, sourceLocation: sourceLocation)
    path = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self)
  }

  /// Writes `bytes` to `name` inside the folder and returns its path.
  @discardableResult
  func write(_ bytes: [UInt8], to name: String) throws -> String {
    let filePath = path + "/" + name
    try AtomicFile.write(bytes, to: filePath)
    files.append(filePath)
    return filePath
  }

  /// Records a file that the code under test wrote inside the folder, so
  /// that `remove()` deletes it too.
  func trackFile(_ filePath: String) {
    files.append(filePath)
  }

  /// Creates the sub-folder `name` and returns its path.
  func makeFolder(_ name: String) -> String {
    let folderPath = path + "/" + name
    mkdir(folderPath, 0o700)
    folders.append(folderPath)
    return folderPath
  }

  /// Deletes the files and folders made through this value, then the
  /// folder itself.
  func remove() {
    for file in files { unlink(file) }
    for folder in folders.reversed() { rmdir(folder) }
    rmdir(path)
  }
}

/// Runs `body` and checks that it throws an `InputError` whose path is
/// `path` and whose message contains `fragment`.
func expectInputError(
  path: String?, containing fragment: String,
  sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () throws -> Void
) {
  do {
    try body()
    Issue.record(
      "expected an InputError mentioning \"\(fragment)\"",
      sourceLocation: sourceLocation)
  } catch let error as InputError {
    #expect(error.path == path, sourceLocation: sourceLocation)
    #expect(
      error.message.contains(fragment),
      "message: \(error.message)", sourceLocation: sourceLocation)
  } catch {
    Issue.record(
      "expected an InputError, got \(error)", sourceLocation: sourceLocation)
  }
}
