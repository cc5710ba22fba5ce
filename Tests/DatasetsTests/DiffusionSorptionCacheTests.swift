import Datasets
import FileIO
import TensorFiles
import Testing

/// The `.npy` cache of solved trajectories: naming, hits and bad files.
@Suite struct DiffusionSorptionCacheTests {
  /// A grid small enough to solve in milliseconds.
  static let settings = DiffusionSorptionSettings(cellCount: 16, timeCount: 6)

  @Test func secondLoadReadsCache() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let cacheFolder = folder.makeFolder("cache")
    let path = DiffusionSorptionCache.path(
      in: cacheFolder, settings: Self.settings, trajectoryCount: 3, seed: 9)
    folder.trackFile(path)

    let first = try DiffusionSorptionTrajectories.load(
      settings: Self.settings, trajectoryCount: 3, seed: 9,
      cacheFolder: cacheFolder)
    #expect(!first.wasReadFromCache)
    #expect(AtomicFile.exists(path))
    let bytes = try AtomicFile.read(path)

    let second = try DiffusionSorptionTrajectories.load(
      settings: Self.settings, trajectoryCount: 3, seed: 9,
      cacheFolder: cacheFolder)
    #expect(second.wasReadFromCache)
    #expect(second.initialValues == first.initialValues)
    #expect(second.values.map(\.bitPattern) == first.values.map(\.bitPattern))
    // Reading leaves the file as it was.
    #expect(try AtomicFile.read(path) == bytes)

    // The file is a plain float64 array of shape (trajectory, time, cell).
    let tensor = try NumpyArray.read(path)
    #expect(tensor.shape == [3, 6, 16])
  }

  @Test func fileNameNamesEveryParameter() {
    let base = DiffusionSorptionCache.fileName(
      settings: Self.settings, trajectoryCount: 3, seed: 9)
    #expect(base.hasPrefix("diffusion-sorption-c16-t6-n3-s9-"))
    #expect(base.hasSuffix(".npy"))
    // 16 hexadecimal digits of the hash sit between the prefix and ".npy".
    let digits = base.dropFirst("diffusion-sorption-c16-t6-n3-s9-".count)
      .dropLast(4)
    #expect(digits.count == 16)
    #expect(digits.allSatisfy { $0.isHexDigit })

    // A change to any parameter gives another name, even those the
    // readable prefix leaves out.
    var tolerance = Self.settings
    tolerance.relativeTolerance = 1e-7
    var physics = Self.settings
    physics.physics.freundlichExponent = 0.9
    var sorption = Self.settings
    sorption.physics.sorption = false
    var endTime = Self.settings
    endTime.endTime = 400
    let names = [
      base,
      DiffusionSorptionCache.fileName(
        settings: tolerance, trajectoryCount: 3, seed: 9),
      DiffusionSorptionCache.fileName(
        settings: physics, trajectoryCount: 3, seed: 9),
      DiffusionSorptionCache.fileName(
        settings: sorption, trajectoryCount: 3, seed: 9),
      DiffusionSorptionCache.fileName(
        settings: endTime, trajectoryCount: 3, seed: 9),
      DiffusionSorptionCache.fileName(
        settings: Self.settings, trajectoryCount: 4, seed: 9),
      DiffusionSorptionCache.fileName(
        settings: Self.settings, trajectoryCount: 3, seed: 10),
    ]
    #expect(Set(names).count == names.count, "\(names)")
    // The name is a fixed function of the parameters.
    #expect(
      DiffusionSorptionCache.fileName(
        settings: Self.settings, trajectoryCount: 3, seed: 9) == base)
  }

  /// Writes `bytes` where the cache of the test parameters belongs and
  /// checks that loading rejects it with an error naming the file.
  func expectRejected(
    _ bytes: [UInt8], containing fragment: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let name = DiffusionSorptionCache.fileName(
      settings: Self.settings, trajectoryCount: 2, seed: 4)
    let path = try folder.write(bytes, to: name)
    for expected in [fragment, "delete it"] {
      expectInputError(
        path: path, containing: expected, sourceLocation: sourceLocation
      ) {
        _ = try DiffusionSorptionTrajectories.load(
          settings: Self.settings, trajectoryCount: 2, seed: 4,
          cacheFolder: folder.path)
      }
    }
  }

  @Test func corruptFileIsRejected() throws {
    try expectRejected(Array("not an array".utf8), containing: "magic")
    // A valid header whose payload was cut short.
    let whole = NumpyArray.encode(
      Tensor(shape: [2, 6, 16], values: Array(repeating: 0.1, count: 192)))
    try expectRejected(Array(whole.dropLast(8)), containing: "truncated")
  }

  @Test func wrongShapeIsRejected() throws {
    let tensor = Tensor(
      shape: [2, 6, 8], values: Array(repeating: 0.1, count: 96))
    try expectRejected(NumpyArray.encode(tensor), containing: "shape")
  }

  @Test func otherInitialValuesAreRejected() throws {
    let tensor = Tensor(
      shape: [2, 6, 16], values: Array(repeating: 0.1, count: 192))
    try expectRejected(
      NumpyArray.encode(tensor), containing: "initial value")
  }

  @Test func nonFiniteValueIsRejected() throws {
    let trajectories = try DiffusionSorptionTrajectories.solve(
      settings: Self.settings, trajectoryCount: 2, seed: 4)
    var values = trajectories.values
    values[100] = .nan
    let tensor = Tensor(shape: [2, 6, 16], values: values)
    try expectRejected(NumpyArray.encode(tensor), containing: "element 100")
  }

  @Test func errorMessageIsOneLine() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let name = DiffusionSorptionCache.fileName(
      settings: Self.settings, trajectoryCount: 2, seed: 4)
    try folder.write([0x93, 0x4E, 0x55], to: name)
    do {
      _ = try DiffusionSorptionTrajectories.load(
        settings: Self.settings, trajectoryCount: 2, seed: 4,
        cacheFolder: folder.path)
      Issue.record("a corrupt cache file was accepted")
    } catch let error as InputError {
      #expect(!error.description.contains("\n"))
      #expect(error.description.hasPrefix(folder.path + "/" + name + ": "))
    }
  }
}
