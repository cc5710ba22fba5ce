import FileIO

extension ClassificationDataset {
  /// The IDX magic number of an image file: unsigned bytes, rank 3.
  public static let imagesMagicNumber: UInt32 = 0x0000_0803
  /// The IDX magic number of a label file: unsigned bytes, rank 1.
  public static let labelsMagicNumber: UInt32 = 0x0000_0801

  /// Reads a pair of IDX files, images and their labels, in the layout of
  /// MNIST and Fashion-MNIST.
  ///
  /// See `init(images:imagesPath:labels:labelsPath:classCount:)` for the
  /// checks and the pixel scaling.
  ///
  /// - Parameters:
  ///   - imagesPath: An IDX file of shape (count, rows, columns), raw or
  ///     gzip.
  ///   - labelsPath: An IDX file of shape (count), raw or gzip.
  ///   - classCount: The number of classes; labels must be below it. The
  ///     default, 10, fits MNIST and Fashion-MNIST.
  /// - Throws: `InputError` naming the file at fault.
  public static func readLabeledImages(
    imagesPath: String, labelsPath: String, classCount: Int = 10
  ) throws -> ClassificationDataset {
    let images = try IDXFile.read(imagesPath)
    let labels = try IDXFile.read(labelsPath)
    return try ClassificationDataset(
      images: images, imagesPath: imagesPath,
      labels: labels, labelsPath: labelsPath, classCount: classCount)
  }

  /// Creates a data set from parsed IDX images and labels, scaling each
  /// pixel p to p / 255 so that features lie in [0, 1].
  ///
  /// Each image becomes one row of `rows × columns` features, in the
  /// file's row-major pixel order.
  ///
  /// - Parameters:
  ///   - images: Unsigned bytes of rank 3 (magic 0x00000803).
  ///   - imagesPath: The file `images` came from, named in errors.
  ///   - labels: Unsigned bytes of rank 1 (magic 0x00000801).
  ///   - labelsPath: The file `labels` came from, named in errors.
  ///   - classCount: The number of classes, at least 1.
  /// - Throws: `InputError` naming the file at fault when a magic number
  ///   is wrong, an image has no pixels, the counts differ, there are no
  ///   samples, or a label is `classCount` or more.
  public init(
    images: IDXArray, imagesPath: String,
    labels: IDXArray, labelsPath: String, classCount: Int = 10
  ) throws {
    guard classCount >= 1 else {
      throw InputError("the class count is \(classCount); it must be 1 or more")
    }

    // Magic numbers: unsigned bytes, rank 3 for images and 1 for labels.
    guard images.magicNumber == Self.imagesMagicNumber,
      let pixels = images.unsignedBytes
    else {
      throw InputError(
        path: imagesPath,
        "expected IDX images (magic 0x00000803: unsigned bytes, rank 3) "
          + "but found \(describe(images)); check the file order")
    }
    guard labels.magicNumber == Self.labelsMagicNumber,
      let labelBytes = labels.unsignedBytes
    else {
      throw InputError(
        path: labelsPath,
        "expected IDX labels (magic 0x00000801: unsigned bytes, rank 1) "
          + "but found \(describe(labels)); check the file order")
    }

    // Counts: the same number of images and labels, and at least one.
    let sampleCount = images.shape[0]
    guard labelBytes.count == sampleCount else {
      throw InputError(
        path: labelsPath,
        "has \(labelBytes.count) labels but \(imagesPath) has "
          + "\(sampleCount) images; use label and image files of one set")
    }
    guard sampleCount > 0 else {
      throw InputError(
        path: imagesPath, "empty data set: the file contains 0 images")
    }
    // The element count fits in Int, so dividing cannot overflow where
    // multiplying rows by columns of a 0-image file could.
    let featureCount = images.count / sampleCount
    guard featureCount > 0 else {
      throw InputError(
        path: imagesPath,
        "the images are \(images.shape[1]) × \(images.shape[2]) pixels; "
          + "an image needs at least one pixel")
    }

    // Labels: each below the class count.
    if let index = labelBytes.firstIndex(where: { Int($0) >= classCount }) {
      throw InputError(
        path: labelsPath,
        "label \(labelBytes[index]) of sample \(index) is not below the "
          + "class count \(classCount); check that the file is a label file")
    }

    // The features take 8 bytes per pixel; refuse a set that cannot fit
    // rather than let the allocation end the process.
    let featureBytes = Double(pixels.count) * 8
    if featureBytes > SystemMemory.physicalBytes {
      throw InputError(
        path: imagesPath,
        "\(sampleCount) images of \(featureCount) pixels need "
          + "\(Int(featureBytes / 1e9)) GB as doubles, more than this "
          + "machine's memory; use a smaller data set")
    }

    self.init(
      features: Self.scaledPixels(pixels),
      labels: labelBytes.map { Int($0) },
      featureCount: featureCount, classCount: classCount)
  }

  /// Returns each pixel p as p / 255, through a 256-entry table so that
  /// the division is done once per byte value.
  ///
  /// The loop runs on raw pointers because a debug build otherwise spends
  /// seconds on Fashion-MNIST's 47 million pixels.
  private static func scaledPixels(_ pixels: [UInt8]) -> [Double] {
    guard !pixels.isEmpty else { return [] }
    let table = (0...255).map { Double($0) / 255 }
    return [Double](unsafeUninitializedCapacity: pixels.count) {
      buffer, initialized in
      let output = buffer.baseAddress!
      table.withUnsafeBufferPointer { scaleBuffer in
        let scale = scaleBuffer.baseAddress!
        pixels.withUnsafeBufferPointer { pixelBuffer in
          let input = pixelBuffer.baseAddress!
          var index = 0
          while index < pixelBuffer.count {
            output[index] = scale[Int(input[index])]
            index += 1
          }
        }
      }
      initialized = pixels.count
    }
  }
}

/// Describes an IDX array's header for messages, such as "rank-2 unsigned
/// bytes (magic 0x00000802)".
private func describe(_ array: IDXArray) -> String {
  let digits = String(array.magicNumber, radix: 16)
  let padded = String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  return "rank-\(array.shape.count) \(array.elementType.name)s "
    + "(magic 0x\(padded))"
}
