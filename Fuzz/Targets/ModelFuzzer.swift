import FileIO
import NeuralNetwork
import TensorFiles

/// Fuzzes the model reader: `SafetensorsFile.decode` followed by
/// `ModelFile.network(from:path:)`.
///
/// A network that reads is written with `ModelFile.contents` and read
/// again, and must come back equal.
@_cdecl("LLVMFuzzerTestOneInput")
public func modelTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  Fuzz.expectAcceptedOrRejected {
    let file = try SafetensorsFile.decode(bytes, path: Fuzz.path)
    let network = try ModelFile.network(from: file, path: Fuzz.path)
    let written = try ModelFile.contents(of: network).encode()
    let again = try ModelFile.network(
      from: SafetensorsFile.decode(written, path: Fuzz.path), path: Fuzz.path)
    guard again == network else {
      Fuzz.fail("the network changed in a write and a read")
    }
  }
  return 0
}
