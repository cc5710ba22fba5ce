import CGSL

/// A non-zero status returned by a GSL routine.
///
/// Carries the routine that failed, GSL's status code and its
/// `gsl_strerror` text. This is an internal numerical failure, distinct
/// from `InputError`, which describes bad user input.
public struct GSLError: Error, CustomStringConvertible, Sendable {
  /// The GSL routine that returned the status, for example
  /// `gsl_deriv_central`.
  public let call: String
  /// The status code, one of GSL's `GSL_E…` values.
  public let status: Int32
  /// GSL's description of the status, from `gsl_strerror`.
  public let reason: String

  public init(call: String, status: Int32) {
    self.call = call
    self.status = status
    self.reason = String(cString: gsl_strerror(status))
  }

  public var description: String {
    "\(call) failed: \(reason) (GSL status \(status))"
  }
}

/// Process-wide GSL set-up.
public enum GSLRuntime {
  /// The GSL version of the headers the package was built with, for
  /// example `2.7.1`; Debian's libgsl-dev ships headers and library together.
  public static let version: String = GSL_VERSION

  /// Switches GSL's default error handler off, once per process.
  ///
  /// The default handler calls `abort()` on any error. With it off, GSL
  /// routines return their status and `check(_:_:)` turns it into a thrown
  /// `GSLError`. Every wrapper in this module calls this before its first
  /// GSL call, so callers need not; calling it again does nothing.
  public static func disableAbortOnError() {
    _ = handlerSwitchedOff
  }

  // Swift runs a static property's initialiser once, thread-safely, on
  // first access.
  private static let handlerSwitchedOff: Bool = {
    gsl_set_error_handler_off()
    return true
  }()

  /// Throws `GSLError` when `status` is not `GSL_SUCCESS`.
  @inlinable
  public static func check(_ status: Int32, _ call: String) throws {
    if status != GSL_SUCCESS {
      throw GSLError(call: call, status: status)
    }
  }
}
