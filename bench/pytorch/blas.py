"""Which BLAS this PyTorch process runs on: Debian's python3-torch calls whatever libblas.so.3 the system's
alternatives point to, and the reference BLAS (libblas3, the default without libopenblas0-pthread) is several times
slower. The peers in bench/ must be measured on OpenBLAS; bench/compare.sh refuses otherwise."""
import os


def blas_library():
    """The resolved path of the libblas.so.3 mapped into this process (after torch is imported and has run a matmul),
    or, if there is none, of every mapped library whose name has 'blas' in it."""
    mapped = set()
    with open("/proc/self/maps") as f:
        for line in f:
            fields = line.split()
            if len(fields) >= 6 and "blas" in os.path.basename(fields[-1]):
                mapped.add(fields[-1])
    libblas = sorted(os.path.realpath(p) for p in mapped if os.path.basename(p).startswith("libblas.so"))
    return ",".join(libblas or sorted(os.path.realpath(p) for p in mapped)) or "none"
