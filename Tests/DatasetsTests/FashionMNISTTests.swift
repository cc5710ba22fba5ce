import Datasets
import FileIO
import Testing

@Suite struct FashionMNISTTests {
  static let installed = AtomicFile.exists(IDXDataDirectory.defaultPath)
  static let notInstalled: Comment = """
    needs the Debian package dataset-fashion-mnist, which installs \
    /usr/share/datasets/fashion-mnist
    """

  /// Checks a loaded Fashion-MNIST split: its size, features in [0, 1],
  /// labels in 0..<10 and, because the set is balanced, the same count
  /// for every class.
  func checkSplit(
    _ dataset: ClassificationDataset, count: Int,
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(dataset.count == count, sourceLocation: sourceLocation)
    #expect(dataset.featureCount == 784, sourceLocation: sourceLocation)
    #expect(dataset.classCount == 10, sourceLocation: sourceLocation)
    #expect(
      dataset.features.count == count * 784, sourceLocation: sourceLocation)
    #expect(
      dataset.features.min() == 0, sourceLocation: sourceLocation)
    #expect(
      dataset.features.max() == 1, sourceLocation: sourceLocation)
    #expect(
      dataset.labels.allSatisfy { (0..<10).contains($0) },
      sourceLocation: sourceLocation)
    #expect(
      dataset.classCounts() == [Int](repeating: count / 10, count: 10),
      sourceLocation: sourceLocation)
  }

  @Test(.enabled(if: installed, notInstalled))
  func trainingSetLoads() throws {
    let training = try IDXDataDirectory().loadTrainingSet()
    checkSplit(training, count: 60_000)
  }

  @Test(.enabled(if: installed, notInstalled))
  func testSetLoads() throws {
    let test = try IDXDataDirectory().loadTestSet()
    checkSplit(test, count: 10_000)
    #expect(test.featureCount == FashionMNIST.featureCount)
  }

  @Test func missingFolderNamesOption() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let missing = folder.path + "/no-such-folder"
    expectInputError(path: missing, containing: "data folder not found") {
      _ = try FashionMNIST.load(from: missing)
    }
    expectInputError(path: missing, containing: "--data-dir") {
      _ = try FashionMNIST.load(from: missing)
    }
  }

  @Test func adviceNamesPackageOnlyForDefaultFolder() {
    let defaultAdvice = IDXDataDirectory().advice
    #expect(defaultAdvice.contains("apt-get install dataset-fashion-mnist"))
    #expect(defaultAdvice.contains("--data-dir"))
    let otherAdvice = IDXDataDirectory(path: "/srv/mnist").advice
    #expect(!otherAdvice.contains("dataset-fashion-mnist"))
    #expect(otherAdvice.contains("--data-dir"))
    #expect(IDXDataDirectory.isDefault(IDXDataDirectory.defaultPath + "//"))
  }

  @Test func fileInPlaceOfFolderIsRejected() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let file = try folder.write([1, 2, 3], to: "not-a-folder")
    expectInputError(path: file, containing: "data path is not a folder") {
      _ = try IDXDataDirectory(path: file).loadTestSet()
    }
  }

  @Test func missingFileIsNamed() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(
      idxBytes(shape: [1, 1, 1], payload: [0]), to: "t10k-images-idx3-ubyte")
    let expectedPath = folder.path + "/t10k-labels-idx1-ubyte.gz"
    expectInputError(path: expectedPath, containing: "data file not found") {
      _ = try IDXDataDirectory(path: folder.path).loadTestSet()
    }
  }

  @Test func rawAndGzipNamesBothLoad() throws {
    // The test images exist raw and gzip with different contents; the
    // gzip one must win. The labels exist raw only.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write(
      idxBytes(shape: [2, 1, 1], payload: [0, 0]), to: "t10k-images-idx3-ubyte")
    try folder.write(
      gzipCompress(idxBytes(shape: [2, 1, 1], payload: [255, 51])),
      to: "t10k-images-idx3-ubyte.gz")
    try folder.write(
      idxBytes(shape: [2], payload: [4, 8]), to: "t10k-labels-idx1-ubyte")
    let directory = IDXDataDirectory(path: folder.path + "/")
    #expect(
      try directory.filePath("t10k-images-idx3-ubyte")
        == folder.path + "/t10k-images-idx3-ubyte.gz")
    let test = try directory.loadTestSet()
    #expect(test.features == [1, 0.2])
    #expect(test.labels == [4, 8])
  }
}
