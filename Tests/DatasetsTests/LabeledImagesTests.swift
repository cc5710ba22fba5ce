import Datasets
import FileIO
import Testing

@Suite struct LabeledImagesTests {
  /// Writes an image file and a label file and returns their paths.
  func writePair(
    in folder: TemporaryFolder, images: [UInt8], labels: [UInt8]
  ) throws -> (images: String, labels: String) {
    (
      try folder.write(images, to: "images-idx3-ubyte"),
      try folder.write(labels, to: "labels-idx1-ubyte")
    )
  }

  @Test func pairLoadsScaledFeatures() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let pixels: [UInt8] = [0, 51, 102, 255, 255, 0, 1, 254]
    let paths = try writePair(
      in: folder,
      images: gzipCompress(idxBytes(shape: [2, 2, 2], payload: pixels)),
      labels: idxBytes(shape: [2], payload: [9, 0]))
    let dataset = try ClassificationDataset.readLabeledImages(
      imagesPath: paths.images, labelsPath: paths.labels)
    #expect(dataset.count == 2)
    #expect(dataset.featureCount == 4)
    #expect(dataset.classCount == 10)
    #expect(dataset.labels == [9, 0])
    // Division by 255 is correctly rounded, so the values match exactly.
    #expect(dataset.features == pixels.map { Double($0) / 255 })
    #expect(
      Array(dataset.features(ofSample: 1)) == [1, 0, 1.0 / 255, 254.0 / 255])
  }

  @Test func countMismatchIsRejected() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder,
      images: idxBytes(shape: [3, 2, 2], payload: scrambledBytes(count: 12)),
      labels: idxBytes(shape: [2], payload: [1, 2]))
    expectInputError(path: paths.labels, containing: "has 2 labels") {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels)
    }
  }

  @Test(arguments: [10, 11, 255] as [UInt8])
  func labelAtOrAboveClassCountIsRejected(label: UInt8) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder,
      images: idxBytes(shape: [3, 1, 1], payload: [0, 0, 0]),
      labels: idxBytes(shape: [3], payload: [0, label, 9]))
    expectInputError(path: paths.labels, containing: "label \(label)") {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels)
    }
  }

  @Test func smallerClassCountIsEnforced() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder,
      images: idxBytes(shape: [2, 1, 1], payload: [0, 0]),
      labels: idxBytes(shape: [2], payload: [1, 2]))
    expectInputError(path: paths.labels, containing: "class count 2") {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels, classCount: 2)
    }
  }

  @Test func emptyDataSetIsRejected() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder,
      images: idxBytes(shape: [0, 28, 28], payload: []),
      labels: idxBytes(shape: [0], payload: []))
    expectInputError(path: paths.images, containing: "empty data set") {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels)
    }
  }

  @Test func imagesWithoutPixelsAreRejected() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder,
      images: idxBytes(shape: [2, 0, 28], payload: []),
      labels: idxBytes(shape: [2], payload: [1, 2]))
    expectInputError(path: paths.images, containing: "at least one pixel") {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels)
    }
  }

  /// An image or label file with the wrong magic number.
  struct MagicCase: Sendable, CustomTestStringConvertible {
    let name: String
    let images: [UInt8]
    let labels: [UInt8]
    let imagesAreWrong: Bool
    let fragment: String
    var testDescription: String { name }
  }

  static let goodImages = idxBytes(shape: [2, 1, 2], payload: [1, 2, 3, 4])
  static let goodLabels = idxBytes(shape: [2], payload: [3, 4])

  static let magicCases: [MagicCase] = [
    MagicCase(
      name: "images of rank 2",
      images: idxBytes(shape: [2, 2], payload: [1, 2, 3, 4]),
      labels: goodLabels, imagesAreWrong: true,
      fragment: "rank-2 unsigned bytes (magic 0x00000802)"),
    MagicCase(
      name: "images of signed bytes",
      images: idxBytes(
        typeCode: 0x09, shape: [2, 1, 2], payload: [1, 2, 3, 4]),
      labels: goodLabels, imagesAreWrong: true,
      fragment: "magic 0x00000903"),
    MagicCase(
      name: "labels of rank 2",
      images: goodImages,
      labels: idxBytes(shape: [2, 1], payload: [3, 4]), imagesAreWrong: false,
      fragment: "magic 0x00000802"),
    MagicCase(
      name: "labels of 32-bit integers",
      images: goodImages,
      labels: idxBytes(
        typeCode: 0x0C, shape: [2], payload: [UInt8](repeating: 0, count: 8)),
      imagesAreWrong: false, fragment: "magic 0x00000c01"),
    MagicCase(
      name: "files swapped", images: goodLabels, labels: goodImages,
      imagesAreWrong: true, fragment: "expected IDX images"),
  ]

  @Test(arguments: magicCases)
  func wrongMagicIsRejected(testCase: MagicCase) throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let paths = try writePair(
      in: folder, images: testCase.images, labels: testCase.labels)
    let culprit = testCase.imagesAreWrong ? paths.images : paths.labels
    expectInputError(path: culprit, containing: testCase.fragment) {
      _ = try ClassificationDataset.readLabeledImages(
        imagesPath: paths.images, labelsPath: paths.labels)
    }
  }
}
