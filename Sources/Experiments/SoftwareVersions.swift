import GSL
import NeuralNetwork

/// The versions of this package and the libraries it runs on, recorded in
/// every report and model file.
public enum SoftwareVersions {
  /// This package's version.
  public static let ecprune = "0.1.0"

  /// The Swift language version the package was compiled with.
  public static var swift: String {
    #if swift(>=6.3)
      return "6.3 or later"
    #elseif swift(>=6.2)
      return "6.2"
    #elseif swift(>=6.1)
      return "6.1"
    #else
      return "6.0"
    #endif
  }

  /// GSL's version, for example `2.7.1`.
  public static var gsl: String { GSLRuntime.version }

  /// OpenBLAS's build description, for example
  /// `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
  public static var blas: String {
    LinearAlgebra.blasConfiguration.trimmingCharacters(in: " ")
  }

  /// All of the above as (name, version) pairs.
  public static var all: [(String, String)] {
    [("ecprune", ecprune), ("swift", swift), ("gsl", gsl), ("blas", blas)]
  }
}

extension String {
  func trimmingCharacters(in character: Character) -> String {
    var text = Substring(self)
    while text.first == character { text = text.dropFirst() }
    while text.last == character { text = text.dropLast() }
    return String(text)
  }
}
