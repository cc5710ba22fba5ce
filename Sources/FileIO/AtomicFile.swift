#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes and reads whole files so that a failed write leaves nothing behind.
///
/// `write` puts the bytes in a temporary file beside the destination,
/// flushes it, and renames it over the destination. A reader therefore sees
/// either the old file or the complete new one, never a partial file.
public enum AtomicFile {
  /// Writes `bytes` to `path` atomically, creating missing parent folders.
  ///
  /// - Throws: `InputError` naming `path` when the folder cannot be
  ///   created, the temporary file cannot be written, or the rename fails.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    if isFolder(path) {
      throw InputError(path: path, "is a folder; give a file name")
    }

    // Write to a unique temporary file in the same folder, so the rename
    // stays on one file system and is atomic.
    let (descriptor, temporaryPath) = try createTemporaryFile(beside: path)

    do {
      try writeAll(bytes, to: descriptor, path: path)
      guard fsync(descriptor) == 0 else {
        throw InputError(path: path, "write failed (\(systemMessage()))")
      }
      guard close(descriptor) == 0 else {
        throw InputError(path: path, "write failed (\(systemMessage()))")
      }
    } catch {
      close(descriptor)
      unlink(temporaryPath)
      throw error
    }

    // mkstemp creates the file with mode 0600; give it the usual mode.
    let mask = umask(0)
    umask(mask)
    chmod(temporaryPath, 0o666 & ~mask)
    guard rename(temporaryPath, path) == 0 else {
      let reason = systemMessage()
      unlink(temporaryPath)
      throw InputError(
        path: path, "cannot replace the file (\(reason)); check the path")
    }
  }

  /// Checks, before a long computation, that `write(_:to:)` can later
  /// create `path`: creates the missing parent folders and a temporary file
  /// beside `path`, then removes the temporary file.
  ///
  /// - Throws: the `InputError` that `write(_:to:)` would throw.
  public static func checkWritable(_ path: String) throws {
    if isFolder(path) {
      throw InputError(path: path, "is a folder; give a file name")
    }
    let (descriptor, temporaryPath) = try createTemporaryFile(beside: path)
    close(descriptor)
    unlink(temporaryPath)
  }

  /// Returns whether `path` names an existing folder.
  public static func isFolder(_ path: String) -> Bool {
    var information = stat()
    return stat(path, &information) == 0
      && (information.st_mode & S_IFMT) == S_IFDIR
  }

  /// Writes UTF-8 text to `path` atomically.
  public static func write(text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }

  /// Reads the whole file at `path`.
  ///
  /// - Throws: `InputError` naming `path` when it is missing, a folder or
  ///   unreadable.
  public static func read(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
      throw InputError(path: path, "cannot open (\(systemMessage()))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = chunk.withUnsafeMutableBytes {
        fread($0.baseAddress, 1, $0.count, file)
      }
      if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
      if count < chunk.count {
        if ferror(file) != 0 {
          throw InputError(path: path, "read failed (\(systemMessage()))")
        }
        break
      }
    }
    return bytes
  }

  /// Returns whether a file or folder exists at `path`.
  public static func exists(_ path: String) -> Bool {
    access(path, F_OK) == 0
  }

  /// Creates the missing parent folders of `path` and an empty, uniquely
  /// named file beside it; returns its descriptor and path.
  private static func createTemporaryFile(
    beside path: String
  ) throws -> (descriptor: Int32, path: String) {
    let folder = parentFolder(of: path)
    if !folder.isEmpty { try createFolders(folder) }
    let shownFolder = folder.isEmpty ? "." : folder
    var template = Array(shownFolder.utf8CString.dropLast())
    template += Array("/.ecprune-tmp-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer {
      mkstemp($0.baseAddress!)
    }
    guard descriptor >= 0 else {
      throw InputError(
        path: path,
        "cannot create a file in \(shownFolder) (\(systemMessage())); "
          + "choose a writable output path")
    }
    let temporaryPath = String(
      decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) },
      as: UTF8.self)
    return (descriptor, temporaryPath)
  }

  private static func writeAll(
    _ bytes: [UInt8], to descriptor: Int32, path: String
  ) throws {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes {
        Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw InputError(path: path, "write failed (\(systemMessage()))")
      }
      offset += written
    }
  }

  private static func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "" }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  /// Creates `folder` and its missing parents, like `mkdir -p`.
  private static func createFolders(_ folder: String) throws {
    var prefix = folder.hasPrefix("/") ? "/" : ""
    for part in folder.split(separator: "/") {
      prefix += part
      if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
        throw InputError(
          path: prefix, "cannot create folder (\(systemMessage()))")
      }
      prefix += "/"
    }
  }

  private static func systemMessage() -> String {
    String(cString: strerror(errno))
  }
}
