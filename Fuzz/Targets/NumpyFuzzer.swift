import FileIO
import TensorFiles

/// Fuzzes `NumpyArray.decode`, the `.npy` reader.
///
/// An array that decodes is encoded again and decoded once more. The
/// shape and the value bits must survive, because the encoder writes every
/// array as row-major float64, which holds every supported dtype exactly.
@_cdecl("LLVMFuzzerTestOneInput")
public func numpyTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  Fuzz.expectAcceptedOrRejected {
    let tensor = try NumpyArray.decode(bytes, path: Fuzz.path)
    let again = try NumpyArray.decode(
      NumpyArray.encode(tensor), path: Fuzz.path)
    guard again.shape == tensor.shape,
      again.values.map(\.bitPattern) == tensor.values.map(\.bitPattern)
    else { Fuzz.fail("the array changed in a write and a read") }
  }
  return 0
}
