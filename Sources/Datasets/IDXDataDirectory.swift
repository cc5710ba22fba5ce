import FileIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A folder holding a training and a test set as the four standard IDX
/// files of MNIST and Fashion-MNIST.
///
/// Each file may be present gzip-compressed (`train-images-idx3-ubyte.gz`)
/// or raw (`train-images-idx3-ubyte`); the `.gz` name wins when both
/// exist. The default folder is the one the Debian package
/// `dataset-fashion-mnist` installs. The original MNIST files use the same
/// names, so pointing `path` at an MNIST folder loads MNIST.
public struct IDXDataDirectory: Sendable {
  /// The folder installed by the Debian package `dataset-fashion-mnist`.
  public static let defaultPath = "/usr/share/datasets/fashion-mnist"

  /// The standard file names, without the `.gz` suffix.
  public static let trainingImagesName = "train-images-idx3-ubyte"
  public static let trainingLabelsName = "train-labels-idx1-ubyte"
  public static let testImagesName = "t10k-images-idx3-ubyte"
  public static let testLabelsName = "t10k-labels-idx1-ubyte"

  /// The folder that contains the four files.
  public let path: String
  /// The number of classes; labels must be below it.
  public let classCount: Int

  /// Creates a reader for the folder at `path`; nothing is read yet.
  ///
  /// - Parameters:
  ///   - path: The data folder; the default is `defaultPath`.
  ///   - classCount: The number of classes, 10 for MNIST and
  ///     Fashion-MNIST.
  public init(path: String = defaultPath, classCount: Int = 10) {
    self.path = path
    self.classCount = classCount
  }

  /// Reads the training set, 60,000 samples for Fashion-MNIST.
  ///
  /// - Throws: `InputError` naming the folder or file that is missing or
  ///   invalid.
  public func loadTrainingSet() throws -> ClassificationDataset {
    try ClassificationDataset.readLabeledImages(
      imagesPath: filePath(Self.trainingImagesName),
      labelsPath: filePath(Self.trainingLabelsName),
      classCount: classCount)
  }

  /// Reads the test set, 10,000 samples for Fashion-MNIST.
  ///
  /// - Throws: `InputError` naming the folder or file that is missing or
  ///   invalid.
  public func loadTestSet() throws -> ClassificationDataset {
    try ClassificationDataset.readLabeledImages(
      imagesPath: filePath(Self.testImagesName),
      labelsPath: filePath(Self.testLabelsName),
      classCount: classCount)
  }

  /// Reads the training and the test set.
  ///
  /// - Throws: `InputError` naming the folder or file that is missing or
  ///   invalid.
  public func load() throws -> (
    training: ClassificationDataset, test: ClassificationDataset
  ) {
    (try loadTrainingSet(), try loadTestSet())
  }

  /// Returns the path of the standard file `name` in the folder, the
  /// `.gz` file when it exists, else the raw file.
  ///
  /// - Throws: `InputError` naming the folder when it is missing or not a
  ///   folder, or naming the `.gz` path when neither file exists. The
  ///   message explains how to install the data or choose another folder.
  public func filePath(_ name: String) throws -> String {
    guard !path.isEmpty else {
      throw InputError("the data folder path is empty; " + advice)
    }
    guard isFolder(path) else {
      let problem =
        AtomicFile.exists(path)
        ? "data path is not a folder" : "data folder not found"
      throw InputError(path: path, problem + "; " + advice)
    }
    let folder = path.hasSuffix("/") ? path : path + "/"
    let compressed = folder + name + ".gz"
    if AtomicFile.exists(compressed) { return compressed }
    let raw = folder + name
    if AtomicFile.exists(raw) { return raw }
    throw InputError(
      path: compressed,
      "data file not found (nor \(name) without .gz); " + advice)
  }

  /// The advice added to every "not found" error: how to install
  /// Fashion-MNIST when the default folder is missing, and how to point at
  /// another folder in any case.
  public var advice: String {
    let otherFolder =
      "pass a folder with the four IDX files through --data-dir"
    guard Self.isDefault(path) else { return otherFolder }
    return "install the Debian package dataset-fashion-mnist "
      + "(apt-get install dataset-fashion-mnist) or " + otherFolder
  }

  /// Returns whether `path` names the default folder, ignoring trailing
  /// slashes.
  public static func isDefault(_ path: String) -> Bool {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") {
      trimmed = trimmed.dropLast()
    }
    return trimmed == defaultPath
  }

  private func isFolder(_ path: String) -> Bool {
    var status = stat()
    guard stat(path, &status) == 0 else { return false }
    return status.st_mode & S_IFMT == S_IFDIR
  }
}

/// Facts about the Fashion-MNIST data set: 28 × 28 grey-scale images of
/// clothing in 10 classes.
public enum FashionMNIST {
  /// The number of classes.
  public static let classCount = 10
  /// The number of pixels per image, 28 × 28.
  public static let featureCount = 784
  /// The class names, indexed by label.
  public static let classNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
  ]

  /// Reads the training and test sets from `folder`, by default the one
  /// the Debian package `dataset-fashion-mnist` installs.
  ///
  /// - Throws: `InputError` naming the folder or file that is missing or
  ///   invalid.
  public static func load(
    from folder: String = IDXDataDirectory.defaultPath
  ) throws -> (training: ClassificationDataset, test: ClassificationDataset) {
    try IDXDataDirectory(path: folder, classCount: classCount).load()
  }
}
