import FileIO
import TensorFiles

/// Fuzzes `SafetensorsFile.decode`, the safetensors reader.
///
/// A file that decodes is encoded again and decoded once more. The second
/// decoding must give the same metadata, shapes and value bits, because
/// the encoder keeps every bit of each `Double`.
@_cdecl("LLVMFuzzerTestOneInput")
public func safetensorsTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  Fuzz.expectAcceptedOrRejected {
    let file = try SafetensorsFile.decode(bytes, path: Fuzz.path)
    let again = try SafetensorsFile.decode(file.encode(), path: Fuzz.path)
    guard again.metadata == file.metadata else {
      Fuzz.fail("metadata changed in a write and a read")
    }
    guard again.tensors.keys.sorted() == file.tensors.keys.sorted() else {
      Fuzz.fail("tensor names changed in a write and a read")
    }
    for (name, tensor) in file.tensors {
      let copy = again.tensors[name]!
      guard copy.shape == tensor.shape,
        copy.values.map(\.bitPattern) == tensor.values.map(\.bitPattern)
      else { Fuzz.fail("tensor \(name) changed in a write and a read") }
    }
  }
  return 0
}
