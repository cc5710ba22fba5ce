import CZlib
import FileIO

/// Decompresses whole gzip files (RFC 1952) in memory through zlib.
///
/// A file may hold several gzip members one after another, as `cat a.gz
/// b.gz` produces, and their outputs are joined. Anything after the last
/// member is rejected, even the zero padding that GNU gzip 1.12 accepts
/// silently.
public enum Gzip {
  /// The default bound on the decompressed size: 4 GiB.
  ///
  /// The largest IDX file this project reads, Fashion-MNIST's training
  /// images, decompresses to about 47 MB, so the bound only stops
  /// decompression bombs.
  public static let defaultMaximumOutputSize = 4 << 30

  /// The two bytes that open every gzip member.
  public static let magicBytes: [UInt8] = [0x1F, 0x8B]

  /// The largest expansion a deflate stream can reach, about 1032 to 1.
  ///
  /// Used only to cap the size hint read from a gzip trailer, so that a
  /// lying trailer cannot make a small file allocate gigabytes up front.
  private static let maximumDeflateRatio = 1032

  /// The maximum number of bytes passed to zlib per call, because zlib
  /// counts bytes in 32-bit `uInt`.
  private static let maximumChunk = 1 << 30

  /// Returns whether `bytes` opens with the gzip magic bytes 1f 8b.
  public static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.starts(with: magicBytes)
  }

  /// Decompresses the gzip data in `compressed`, joining all members.
  ///
  /// - Parameters:
  ///   - compressed: The whole gzip file.
  ///   - path: The file the bytes came from, named in every error.
  ///   - maximumOutputSize: The maximum decompressed size accepted, in
  ///     bytes. The default is `defaultMaximumOutputSize`.
  /// - Returns: The decompressed bytes.
  /// - Throws: `InputError` naming `path` when the data is not gzip, is
  ///   corrupt or truncated, has bytes after the last member, or
  ///   decompresses to more than `maximumOutputSize` bytes.
  public static func decompress(
    _ compressed: [UInt8], path: String,
    maximumOutputSize: Int = defaultMaximumOutputSize
  ) throws -> [UInt8] {
    guard isCompressed(compressed) else {
      throw InputError(
        path: path,
        "not a gzip file (it does not start with the bytes 1f 8b); "
          + "check the file or decompress it by hand")
    }
    let limit = max(0, maximumOutputSize)

    // One byte of capacity past the limit lets a stream that ends exactly
    // at the limit finish, while a longer one is caught after that byte.
    let capacityLimit = limit == Int.max ? limit : limit + 1
    var output = [UInt8](
      repeating: 0,
      count: min(sizeHint(compressed), capacityLimit))

    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    defer {
      stream.deinitialize(count: 1)
      stream.deallocate()
    }

    // Window bits 31 = 15 (32 KiB window) + 16 (expect a gzip wrapper).
    let initStatus = inflateInit2_(
      stream, 31, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    guard initStatus == Z_OK else {
      throw InputError(
        path: path,
        "zlib failed to start decompressing (status \(initStatus))")
    }
    defer { inflateEnd(stream) }

    var consumed = 0
    var produced = 0
    while true {
      // Grow the output when it is full. The check after each pass
      // keeps `produced` within the limit, so room is always left.
      if produced == output.count {
        let grown = min(max(output.count * 2, 1 << 16), capacityLimit)
        output.append(
          contentsOf: repeatElement(0, count: grown - output.count))
      }

      // Run zlib on the next stretch of input and output.
      let inputGiven = min(compressed.count - consumed, maximumChunk)
      let outputGiven = min(output.count - produced, maximumChunk)
      let status = compressed.withUnsafeBufferPointer { input in
        output.withUnsafeMutableBufferPointer { outputBuffer in
          stream.pointee.next_in = UnsafeMutablePointer(
            mutating: input.baseAddress! + consumed)
          stream.pointee.avail_in = UInt32(inputGiven)
          stream.pointee.next_out = outputBuffer.baseAddress! + produced
          stream.pointee.avail_out = UInt32(outputGiven)
          return inflate(stream, Z_NO_FLUSH)
        }
      }
      consumed += inputGiven - Int(stream.pointee.avail_in)
      produced += outputGiven - Int(stream.pointee.avail_out)
      guard produced <= limit else {
        throw InputError(
          path: path,
          "decompresses to more than \(limit) bytes, the limit; "
            + "check that this is the intended file")
      }

      switch status {
      case Z_OK:
        continue
      case Z_STREAM_END:
        // A member ended; stop at the end of the file, or start the next
        // member, or reject what follows.
        if consumed == compressed.count {
          output.removeLast(output.count - produced)
          return output
        }
        guard compressed[consumed] == magicBytes[0] else {
          throw InputError(
            path: path,
            "has trailing data after the gzip stream "
              + "(\(compressed.count - consumed) bytes from byte "
              + "\(consumed)); the file is damaged")
        }
        inflateReset(stream)
      case Z_BUF_ERROR:
        // zlib made no progress although output space was left, so the
        // input ran out in the middle of a member.
        throw InputError(
          path: path,
          "the gzip stream is truncated after \(compressed.count) bytes; "
            + "download or copy the file again")
      case Z_DATA_ERROR, Z_NEED_DICT:
        throw InputError(
          path: path,
          "the gzip data is corrupt (\(zlibMessage(stream))) near byte "
            + "\(consumed); download or copy the file again")
      case Z_MEM_ERROR:
        throw InputError(
          path: path, "zlib ran out of memory while decompressing")
      default:
        throw InputError(
          path: path,
          "zlib failed while decompressing (status \(status))")
      }
    }
  }

  /// Reads the gzip file at `path` and decompresses it.
  ///
  /// - Throws: `InputError` naming `path` when the file cannot be read or
  ///   `decompress(_:path:maximumOutputSize:)` rejects it.
  public static func decompressFile(
    _ path: String, maximumOutputSize: Int = defaultMaximumOutputSize
  ) throws -> [UInt8] {
    try decompress(
      AtomicFile.read(path), path: path,
      maximumOutputSize: maximumOutputSize)
  }

  /// Returns a first output size for `compressed`, from its trailer.
  ///
  /// The last four bytes of a gzip member store its decompressed size
  /// modulo 2^32 (ISIZE, little-endian). It is only a hint: it is wrong
  /// for several members or outputs of 4 GiB and more, and a damaged
  /// file may lie, so it is capped by the largest possible expansion.
  private static func sizeHint(_ compressed: [UInt8]) -> Int {
    guard compressed.count >= 18 else { return 0 }
    let end = compressed.count
    var trailerSize = 0
    for offset in 1...4 {
      trailerSize = trailerSize << 8 | Int(compressed[end - offset])
    }
    let (bound, overflow) = compressed.count.multipliedReportingOverflow(
      by: maximumDeflateRatio)
    return overflow ? trailerSize : min(trailerSize, bound)
  }

  private static func zlibMessage(
    _ stream: UnsafeMutablePointer<z_stream>
  ) -> String {
    guard let message = stream.pointee.msg else { return "no detail" }
    return String(cString: message)
  }
}
