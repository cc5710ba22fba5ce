/// A problem with something the user supplied: a file, an option or a value.
///
/// The message is one line that names the offending file or value and states
/// what to do. The command-line tool prints it to stderr and exits with
/// status 2; library code throws it and never prints.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
  /// The file involved, or `nil` when the problem is an option or a value.
  public let path: String?
  /// The problem and the fix, without the path.
  public let message: String

  public init(path: String? = nil, _ message: String) {
    self.path = path
    self.message = message
  }

  public var description: String {
    guard let path else { return message }
    return "\(path): \(message)"
  }
}
