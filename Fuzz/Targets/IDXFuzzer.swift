import Datasets
import FileIO

/// Fuzzes `IDXFile.parse`, the reader of uncompressed IDX files.
///
/// A rank-3 unsigned-byte array that parses is also handed to
/// `ClassificationDataset` as images, with as many zero labels, so that
/// the checks of an image file run on it too. A header may claim billions
/// of images of zero pixels, which a matching label file would need
/// gigabytes to hold, so that step is skipped above 2^20 images.
@_cdecl("LLVMFuzzerTestOneInput")
public func idxTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  Fuzz.expectAcceptedOrRejected {
    let array = try IDXFile.parse(bytes, path: Fuzz.path)
    guard array.shape.count == 3, array.elementType == .unsignedByte,
      array.shape[0] <= 1 << 20
    else { return }
    let labels = IDXArray(
      elementType: .unsignedByte, shape: [array.shape[0]],
      values: .unsignedBytes([UInt8](repeating: 0, count: array.shape[0])))
    _ = try ClassificationDataset(
      images: array, imagesPath: Fuzz.path, labels: labels,
      labelsPath: Fuzz.path)
  }
  return 0
}
