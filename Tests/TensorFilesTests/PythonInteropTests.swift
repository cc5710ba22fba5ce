import FileIO
import Foundation
import Testing

@testable import TensorFiles

/// The Python interpreter named by `ECPRUNE_PYTHON`, which needs the
/// packages pinned in `Interop/requirements.txt`.
private let python: String? = {
  let value = ProcessInfo.processInfo.environment["ECPRUNE_PYTHON"]
  return value?.isEmpty == false ? value : nil
}()

/// The folder holding the Python scripts, found beside this file.
private let interopFolder = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().appendingPathComponent("Interop").path

/// Checks files in both directions against the reference Python libraries,
/// `safetensors` and `numpy`, comparing every element bit for bit.
@Suite(
  .enabled(
    if: python != nil,
    Comment(
      rawValue: "ECPRUNE_PYTHON is not set; set it to a Python interpreter "
        + "with the packages in Tests/TensorFilesTests/Interop/"
        + "requirements.txt")))
struct PythonInteropTests {
  @Test func pythonReadsSwiftFiles() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }

    // Swift writes the files and, without the encoder, the expected bits.
    let file = SafetensorsRoundTripTests.sample
    let safetensorsPath = folder + "/swift.safetensors"
    try file.write(to: safetensorsPath)
    var tensorSpecs: [[String: Any]] = []
    for (index, (name, tensor)) in file.tensors.enumerated() {
      let raw = folder + "/tensor\(index).raw"
      try AtomicFile.write(float64Bytes(tensor.values), to: raw)
      tensorSpecs.append(["name": name, "shape": tensor.shape, "raw": raw])
    }
    let array = Tensor(shape: [4, 2, 2], values: specialValues)
    let npyPath = folder + "/swift.npy"
    try NumpyArray.write(array, to: npyPath)
    let npyRaw = folder + "/array.raw"
    try AtomicFile.write(float64Bytes(array.values), to: npyRaw)

    let manifest: [String: Any] = [
      "safetensors": [
        "path": safetensorsPath, "metadata": file.metadata,
        "tensors": tensorSpecs,
      ],
      "npy": ["path": npyPath, "shape": array.shape, "raw": npyRaw],
    ]
    let manifestPath = folder + "/manifest.json"
    try JSONSerialization.data(withJSONObject: manifest).write(
      to: URL(fileURLWithPath: manifestPath))

    try runPython("check_swift_files.py", [manifestPath])
  }

  @Test func swiftReadsPythonFiles() throws {
    let folder = try makeTemporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try runPython("write_python_files.py", [folder])

    let manifestData = try Data(
      contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
    let manifest = try #require(
      JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
    let safetensorsSpecs = try #require(
      manifest["safetensors"] as? [[String: Any]])
    let npySpecs = try #require(manifest["npy"] as? [[String: Any]])
    #expect(safetensorsSpecs.count == 2)
    #expect(npySpecs.count == 9)

    for spec in safetensorsSpecs {
      let path = try #require(spec["path"] as? String)
      let file = try SafetensorsFile.read(path)
      #expect(file.metadata == spec["metadata"] as? [String: String], "\(path)")
      let tensors = try #require(spec["tensors"] as? [[String: Any]])
      #expect(file.tensors.count == tensors.count, "\(path)")
      for tensorSpec in tensors {
        let name = try #require(tensorSpec["name"] as? String)
        let dtype = try #require(tensorSpec["dtype"] as? String)
        #expect(file.storedElementTypes[name]?.rawValue == dtype, "\(name)")
        try expectMatches(file.tensors[name], tensorSpec, label: path + name)
      }
    }

    for spec in npySpecs {
      let path = try #require(spec["path"] as? String)
      let header = try NumpyArray.decodeHeader(
        AtomicFile.read(path), path: path)
      #expect(
        header.fortranOrder == spec["fortran_order"] as? Bool, "\(path)")
      #expect(
        numpyDescr(header) == spec["descr"] as? String, "\(path)")
      try expectMatches(NumpyArray.read(path), spec, label: path)
    }
  }

  /// Checks a tensor's shape and bits against a manifest entry whose "raw"
  /// file contains the expected little-endian binary64 bit patterns.
  private func expectMatches(
    _ tensor: Tensor?, _ spec: [String: Any], label: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let tensor = try #require(tensor, "\(label) is missing")
    let shape = try #require(spec["shape"] as? [Int])
    let rawPath = try #require(spec["raw"] as? String)
    let raw = try AtomicFile.read(rawPath)
    let expectedBits = stride(from: 0, to: raw.count, by: 8).map {
      ElementDecoding.littleEndianInteger(raw, at: $0, as: UInt64.self)
    }
    #expect(tensor.shape == shape, "\(label)", sourceLocation: sourceLocation)
    #expect(
      tensor.values.map(\.bitPattern) == expectedBits, "\(label)",
      sourceLocation: sourceLocation)
  }

  /// Returns the NumPy dtype string, such as `<f8`, that a header stands
  /// for, in the form `dtype.str` prints.
  private func numpyDescr(_ header: NumpyArray.Header) -> String {
    let code =
      switch header.elementType {
      case .float64: "f8"
      case .float32: "f4"
      case .int64: "i8"
      case .int32: "i4"
      case .int8: "i1"
      case .uint8: "u1"
      }
    if header.elementType.byteCount == 1 { return "|" + code }
    return (header.byteOrder == .littleEndian ? "<" : ">") + code
  }

  /// Runs a script from the Interop folder, stopping the test with the
  /// script's output when it exits with a non-zero status.
  private func runPython(
    _ script: String, _ arguments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let interpreter = try #require(python)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: interpreter)
    process.arguments = [interopFolder + "/" + script] + arguments

    // One pipe for both streams, read to the end before waiting, so a
    // full pipe buffer cannot block the child.
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(
      decoding: output.fileHandleForReading.readDataToEndOfFile(),
      as: UTF8.self)
    process.waitUntilExit()
    try #require(
      process.terminationStatus == 0,
      "\(script) exited with status \(process.terminationStatus):\n\(text)",
      sourceLocation: sourceLocation)
  }
}
