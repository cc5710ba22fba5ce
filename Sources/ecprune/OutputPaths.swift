import FileIO
import Foundation
import OptionParsing

/// Checks the files a command will write before it starts working.
enum OutputPaths {
  /// Checks that each path can be written and that no two name the same
  /// file, so a long run cannot end by overwriting its own output.
  ///
  /// - Throws: `InputError` from `AtomicFile.checkWritable`, or
  ///   `UsageError` when two outputs are the same file.
  static func check(_ paths: [String], command: String) throws {
    for path in paths { try AtomicFile.checkWritable(path) }
    var seen: [String: String] = [:]
    for path in paths {
      let key = canonical(path)
      if let earlier = seen[key] {
        throw UsageError.invalid(
          command: command,
          "outputs \(earlier) and \(path) are the same file; choose "
            + "different paths")
      }
      seen[key] = path
    }
  }

  /// Returns whether two paths name the same file.
  static func sameFile(_ first: String, _ second: String) -> Bool {
    canonical(first) == canonical(second)
  }

  private static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
      .path
  }
}
