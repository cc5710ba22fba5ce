import FileIO
import TensorFiles

/// Stores solved diffusion–sorption trajectories as `.npy` files, one
/// file per set of parameters.
///
/// A file contains one float64 array of shape (trajectory, time, cell). Its
/// name is `diffusion-sorption-c<cells>-t<times>-n<trajectories>-s<seed>-`
/// followed by 16 hexadecimal digits and `.npy`. The digits are the
/// 64-bit FNV-1a hash of `key(settings:trajectoryCount:seed:)`. That text
/// lists every parameter that changes the bytes: the physics, the
/// grid, the times, the tolerances, the stepper, the scheme's version,
/// the initial-value distribution, the trajectory count and the seed.
/// The readable prefix repeats the common ones for people browsing the
/// folder.
///
/// NOTE: the bytes also depend on the BLAS that GSL's LU decomposition
/// calls and on the CPU kernels it picks, which the key cannot see. A
/// cache copied from another machine matches this machine's solutions
/// only to within the ODE tolerances.
public enum DiffusionSorptionCache {
  /// Returns the text whose hash names the cache file.
  public static func key(
    settings: DiffusionSorptionSettings, trajectoryCount: Int, seed: UInt64
  ) -> String {
    settings.canonicalDescription
      + ";u0=uniform(\(DiffusionSorptionTrajectories.initialValueLowerBound),"
      + "\(DiffusionSorptionTrajectories.initialValueUpperBound))"
      + ";trajectories=\(trajectoryCount);seed=\(seed)"
  }

  /// Returns the cache file name of these parameters.
  public static func fileName(
    settings: DiffusionSorptionSettings, trajectoryCount: Int, seed: UInt64
  ) -> String {
    let hash = fnv1a(
      key(settings: settings, trajectoryCount: trajectoryCount, seed: seed))
    let digits = String(hash, radix: 16)
    let padded = String(repeating: "0", count: 16 - digits.count) + digits
    return "diffusion-sorption-c\(settings.cellCount)-t\(settings.timeCount)"
      + "-n\(trajectoryCount)-s\(seed)-\(padded).npy"
  }

  /// Returns the path of the cache file of these parameters in `folder`.
  public static func path(
    in folder: String, settings: DiffusionSorptionSettings,
    trajectoryCount: Int, seed: UInt64
  ) -> String {
    let name = fileName(
      settings: settings, trajectoryCount: trajectoryCount, seed: seed)
    if folder.isEmpty { return name }
    return folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }

  /// Writes `trajectories` to `path` atomically, creating missing
  /// folders.
  ///
  /// - Throws: `InputError` naming `path` when it cannot be written.
  public static func write(
    _ trajectories: DiffusionSorptionTrajectories, to path: String
  ) throws {
    let settings = trajectories.settings
    let tensor = Tensor(
      shape: [
        trajectories.trajectoryCount, settings.timeCount, settings.cellCount,
      ], values: trajectories.values)
    try NumpyArray.write(tensor, to: path)
  }

  /// Reads the trajectories of these parameters from the cache file at
  /// `path`.
  ///
  /// Besides the `.npy` format, the file must have the shape of these
  /// parameters, finite values, and, as row 0 of each trajectory, the
  /// initial value the seed draws in every cell.
  ///
  /// - Throws: `InputError` naming `path`, saying what is wrong and to
  ///   delete the file, when the file is unreadable, corrupt or of other
  ///   parameters.
  public static func read(
    _ path: String, settings: DiffusionSorptionSettings,
    trajectoryCount: Int, seed: UInt64
  ) throws -> DiffusionSorptionTrajectories {
    func invalid(_ problem: String) -> InputError {
      InputError(
        path: path,
        "is not a valid diffusion–sorption cache file (\(problem)); delete "
          + "it and run again to regenerate it")
    }

    // The file must be an .npy array of the expected shape.
    let tensor: Tensor
    do {
      tensor = try NumpyArray.read(path)
    } catch let error as InputError {
      throw invalid(error.message)
    }
    let shape = [trajectoryCount, settings.timeCount, settings.cellCount]
    guard tensor.shape == shape else {
      throw invalid("its shape is \(tensor.shape), expected \(shape)")
    }
    if let index = tensor.values.firstIndex(where: { !$0.isFinite }) {
      throw invalid("element \(index) is \(tensor.values[index])")
    }

    // Row 0 of each trajectory is its initial value, exactly.
    let initialValues = DiffusionSorptionTrajectories.initialValues(
      count: trajectoryCount, seed: seed)
    let rowLength = settings.timeCount * settings.cellCount
    for (trajectory, initialValue) in initialValues.enumerated() {
      let start = trajectory * rowLength
      let firstRow = tensor.values[start..<start + settings.cellCount]
      guard firstRow.allSatisfy({ $0 == initialValue }) else {
        throw invalid(
          "trajectory \(trajectory) does not start at the initial value "
            + "\(initialValue) that seed \(seed) draws")
      }
    }
    return DiffusionSorptionTrajectories(
      settings: settings, initialValues: initialValues,
      values: tensor.values, wasReadFromCache: true)
  }

  /// Returns the 64-bit FNV-1a hash of the UTF-8 bytes of `text`, a
  /// fixed function, unlike Swift's seeded `Hasher`.
  static func fnv1a(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }
}
