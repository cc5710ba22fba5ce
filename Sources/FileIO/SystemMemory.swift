#if canImport(Glibc)
  import Glibc
#endif

/// The machine's memory, for refusing inputs that cannot fit before an
/// allocation would end the process.
public enum SystemMemory {
  /// The physical memory in bytes, from sysconf.
  public static var physicalBytes: Double {
    Double(sysconf(Int32(_SC_PHYS_PAGES)))
      * Double(sysconf(Int32(_SC_PAGESIZE)))
  }
}
