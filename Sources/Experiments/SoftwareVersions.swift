import Foundation
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

  /// The environment variable that fixes OpenBLAS's thread count.
  public static let blasThreadsVariable = "ECPRUNE_BLAS_THREADS"

  /// OpenBLAS's thread count when `ECPRUNE_BLAS_THREADS` is unset.
  ///
  /// OpenBLAS splits a product differently for each thread count, and its
  /// edge kernels sum in another order, so the last bits of a trained
  /// model depend on the count. A fixed default makes the bytes the same
  /// whatever the machine's core count; 2 is the size of the machines the
  /// reports are made on.
  public static let defaultBLASThreads = 2

  /// Parses `ECPRUNE_BLAS_THREADS` in `environment`: the default when it
  /// is unset, nil unless it is an integer from 1 to 64.
  public static func blasThreads(from environment: [String: String]) -> Int? {
    guard let text = environment[blasThreadsVariable] else {
      return defaultBLASThreads
    }
    guard let count = Int(text), (1...64).contains(count) else { return nil }
    return count
  }

  /// The thread count in force: the variable's value or the default.
  public static var blasThreads: Int {
    blasThreads(from: ProcessInfo.processInfo.environment)
      ?? defaultBLASThreads
  }

  /// All of the above as (name, version) pairs.
  public static var all: [(String, String)] {
    [
      ("ecprune", ecprune), ("swift", swift), ("gsl", gsl), ("blas", blas),
      ("blas_threads", String(blasThreads)),
    ]
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
