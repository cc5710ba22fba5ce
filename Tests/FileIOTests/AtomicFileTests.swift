import FileIO
import Foundation
import Testing

@Suite struct AtomicFileTests {
  /// Creates a fresh empty folder under the system's temporary folder.
  static func temporaryFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("ecprune-fileio-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(
      atPath: path, withIntermediateDirectories: true)
    return path
  }

  @Test func writeThenReadRoundTrips() throws {
    let folder = try Self.temporaryFolder()
    let path = folder + "/nested/deeper/file.bin"
    let bytes = (0..<3000).map { UInt8($0 % 251) }
    try AtomicFile.write(bytes, to: path)
    #expect(try AtomicFile.read(path) == bytes)
    // Nothing but the destination is left in the folder.
    let names = try FileManager.default.contentsOfDirectory(
      atPath: folder + "/nested/deeper")
    #expect(names == ["file.bin"])
  }

  @Test func failedWriteLeavesOldFileAndNoTemporary() throws {
    let folder = try Self.temporaryFolder()
    let path = folder + "/target"
    try AtomicFile.write(text: "old", to: path)
    // Writing to a path below a regular file must fail.
    #expect(throws: InputError.self) {
      try AtomicFile.write(text: "new", to: path + "/child")
    }
    #expect(try AtomicFile.read(path) == Array("old".utf8))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder) == ["target"])
  }

  @Test func folderAsDestinationIsRejected() throws {
    let folder = try Self.temporaryFolder()
    let error = #expect(throws: InputError.self) {
      try AtomicFile.write(text: "x", to: folder)
    }
    #expect(error?.path == folder)
    #expect(throws: InputError.self) { try AtomicFile.checkWritable(folder) }
  }

  @Test func checkWritableLeavesNothingBehind() throws {
    let folder = try Self.temporaryFolder()
    try AtomicFile.checkWritable(folder + "/sub/deeper/out.json")
    try AtomicFile.checkWritable(folder + "/out.json")
    // Neither a temporary file nor the missing folders remain.
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(names.isEmpty)
  }

  @Test func checkWritableRejectsPathBelowFile() throws {
    let folder = try Self.temporaryFolder()
    try AtomicFile.write(text: "x", to: folder + "/file")
    let error = #expect(throws: InputError.self) {
      try AtomicFile.checkWritable(folder + "/file/sub/out.json")
    }
    #expect(error?.message.contains("is not a folder") == true)
  }

  static let invalidDestinations: [(String, String)] = [
    ("", "empty"), ("trailing/", "ends in '/'"),
  ]

  @Test(arguments: invalidDestinations)
  func invalidDestinationIsRejected(path: String, fragment: String) {
    let checkError = #expect(throws: InputError.self) {
      try AtomicFile.checkWritable(path)
    }
    #expect(checkError?.description.contains(fragment) == true)
    let writeError = #expect(throws: InputError.self) {
      try AtomicFile.write(text: "x", to: path)
    }
    #expect(writeError?.description.contains(fragment) == true)
  }

  @Test func symbolicLinkIsFollowed() throws {
    let folder = try Self.temporaryFolder()
    try AtomicFile.write(text: "old", to: folder + "/target")
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/link", withDestinationPath: "target")
    try AtomicFile.write(text: "new", to: folder + "/link")
    #expect(try AtomicFile.read(folder + "/target") == Array("new".utf8))
    let kind =
      try FileManager.default.attributesOfItem(atPath: folder + "/link")[.type]
      as? FileAttributeType
    #expect(kind == .typeSymbolicLink)
  }

  @Test func pipeIsRejected() throws {
    let path = try Self.temporaryFolder() + "/pipe"
    #expect(mkfifo(path, 0o600) == 0)
    let error = #expect(throws: InputError.self) {
      try AtomicFile.write(text: "x", to: path)
    }
    #expect(error?.message.contains("not a regular file") == true)
  }

  @Test func missingFileNamesThePath() throws {
    let path = try Self.temporaryFolder() + "/absent"
    let error = #expect(throws: InputError.self) {
      _ = try AtomicFile.read(path)
    }
    #expect(error?.description.hasPrefix(path) == true)
  }

  @Test func writtenFileIsReadableByOwner() throws {
    let path = try Self.temporaryFolder() + "/mode"
    try AtomicFile.write(text: "x", to: path)
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
    #expect(mode & 0o600 == 0o600)
  }
}
