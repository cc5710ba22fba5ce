import Datasets
import FileIO

/// Fuzzes `IDXFile.decode` on gzip data: zlib's decompression through
/// `Gzip`, then the IDX reader.
///
/// The decompressed size is capped at 16 MiB, far above what a seed
/// expands to, so that a decompression bomb is rejected before it meets
/// libFuzzer's memory limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func idxGzipTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  Fuzz.expectAcceptedOrRejected {
    _ = try IDXFile.decode(
      bytes, path: Fuzz.path, maximumDecompressedSize: 16 << 20)
  }
  return 0
}
