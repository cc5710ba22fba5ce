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
  /// The mode new files get: 0666 less the process's umask, read once.
  private static let fileMode: mode_t = {
    let mask = umask(0o022)
    umask(mask)
    return 0o666 & ~mask
  }()

  /// Writes `bytes` to `path` atomically, creating missing parent folders.
  ///
  /// A symbolic link is followed, so the file it points to is replaced and
  /// the link stays.
  ///
  /// - Throws: `InputError` naming `path` when it is empty, names a folder
  ///   or something other than a regular file, or when the folder cannot
  ///   be created, the temporary file cannot be written, or the rename
  ///   fails.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let target = try destination(of: path)
    let folder = parentFolder(of: target)
    if !folder.isEmpty { try createFolders(folder) }

    // Write to a unique temporary file in the same folder, so the rename
    // stays on one file system and is atomic.
    let (descriptor, temporaryPath) = try createTemporaryFile(
      in: folder, for: path)
    do {
      try writeAll(bytes, to: descriptor, path: path)
      // mkstemp creates the file with mode 0600; give it the usual mode.
      fchmod(descriptor, fileMode)
      guard fsync(descriptor) == 0 else {
        throw InputError(path: path, writeFailure())
      }
      guard close(descriptor) == 0 else {
        throw InputError(path: path, writeFailure())
      }
    } catch {
      close(descriptor)
      unlink(temporaryPath)
      throw error
    }

    guard rename(temporaryPath, target) == 0 else {
      let reason = systemMessage()
      unlink(temporaryPath)
      throw InputError(
        path: path, "cannot replace the file (\(reason)); check the path")
    }
  }

  /// Checks, before a long computation, that `write(_:to:)` can later
  /// create `path`, and leaves nothing behind.
  ///
  /// Creates and removes a temporary file in the nearest existing folder
  /// on the way to `path`; it creates no folders.
  ///
  /// - Throws: the `InputError` that `write(_:to:)` would throw.
  public static func checkWritable(_ path: String) throws {
    let target = try destination(of: path)
    var folder = parentFolder(of: target)
    if folder.isEmpty { folder = "." }
    while !exists(folder) {
      let above = parentFolder(of: folder)
      folder = above.isEmpty ? "." : above
    }
    guard isFolder(folder) else {
      throw InputError(
        path: path, "\(folder) is not a folder; choose another output path")
    }
    let (descriptor, temporaryPath) = try createTemporaryFile(
      in: folder, for: path)
    close(descriptor)
    unlink(temporaryPath)
  }

  /// Returns the file that writing `path` replaces: `path` itself, or the
  /// file a symbolic link at `path` points to.
  private static func destination(of path: String) throws -> String {
    guard !path.isEmpty else {
      throw InputError("an output path is empty; give a file name")
    }
    guard !path.hasSuffix("/") else {
      throw InputError(
        path: path, "ends in '/', which names a folder; give a file name")
    }
    var information = stat()
    guard lstat(path, &information) == 0 else { return path }
    var target = path
    if (information.st_mode & S_IFMT) == S_IFLNK {
      guard let resolved = realpath(path, nil) else {
        throw InputError(
          path: path, "is a symbolic link to a missing file; fix or remove it")
      }
      target = String(cString: resolved)
      free(resolved)
      guard stat(target, &information) == 0 else { return target }
    }
    switch information.st_mode & S_IFMT {
    case S_IFREG:
      return target
    case S_IFDIR:
      throw InputError(path: path, "is a folder; give a file name")
    default:
      throw InputError(
        path: path,
        "is not a regular file (a device, pipe or socket); give a file path")
    }
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

  /// Creates an empty, uniquely named file in `folder` ("" for the
  /// current folder); returns its descriptor and path.
  private static func createTemporaryFile(
    in folder: String, for path: String
  ) throws -> (descriptor: Int32, path: String) {
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
        throw InputError(path: path, writeFailure())
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

  /// Returns the message of a failed write: the system's reason and what
  /// to do.
  private static func writeFailure() -> String {
    "write failed (\(systemMessage())); free some space, raise the "
      + "file-size limit or write to another path"
  }

  private static func systemMessage() -> String {
    String(cString: strerror(errno))
  }
}
