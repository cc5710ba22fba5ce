import FileIO
import NeuralNetwork
import Verification

#if canImport(Glibc)
  import Glibc
#endif

/// The model the claims are checked against: `Fuzz/claims-model.safetensors`
/// (a 3-4-2 network), or the file `ECPRUNE_FUZZ_MODEL` names.
private let claimsModel: Network = {
  let path =
    getenv("ECPRUNE_FUZZ_MODEL").map { String(cString: $0) }
    ?? "Fuzz/claims-model.safetensors"
  do {
    return try ModelFile.read(path)
  } catch {
    Fuzz.fail("cannot read the claims model: \(error)")
  }
}()

/// Fuzzes `Claims.decode`, the reader of another implementation's claimed
/// compensations and importances, against a fixed model.
@_cdecl("LLVMFuzzerTestOneInput")
public func claimsTestOneInput(
  _ data: UnsafePointer<UInt8>?, _ size: Int
) -> Int32 {
  let bytes = Fuzz.bytes(data, size)
  let network = claimsModel
  Fuzz.expectAcceptedOrRejected {
    let claims = try Claims.decode(bytes, path: Fuzz.path, for: network)
    for (index, layer) in network.layers.enumerated() {
      for matrix in [claims.compensation[index], claims.importance[index]]
      where matrix.rows != layer.unitCount
        || matrix.columns != layer.inputCount
        || !matrix.values.allSatisfy(\.isFinite)
      {
        Fuzz.fail("accepted claims that do not fit layer \(index)")
      }
    }
  }
  return 0
}
