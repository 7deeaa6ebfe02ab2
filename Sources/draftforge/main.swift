#if canImport(Glibc)
import Glibc

// A build allocates hundreds of MB in small steps on two threads, and glibc grows its heap a
// few pages at a time (a system call each): padding each growth by 64 MB took about 5% off the
// build of a 1M-word book (BENCHMARKS.md). Untouched padding is never resident. `mallopt` is
// in <malloc.h>, which Swift's Glibc module leaves out, so it is looked up by name.
if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
    typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
    let topPad: Int32 = -2  // M_TOP_PAD
    _ = unsafeBitCast(symbol, to: MallocOption.self)(topPad, 64 << 20)
}
#endif

import DraftForgeCLI

RootCommand.run()
