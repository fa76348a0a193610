"""Which BLAS this PyTorch process runs on: Debian's python3-torch calls whatever libblas.so.3 the system's
alternatives point to, and the reference BLAS (libblas3, the default without libopenblas0-pthread) is several times
slower. The peers in bench/ must be measured on OpenBLAS; bench/compare.sh refuses otherwise."""
import os


def blas_library():
    """The resolved paths of the BLAS libraries mapped into this process (after torch is imported and has run a matmul)."""
    found = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in os.path.basename(path):
                found.add(os.path.realpath(path))
    return ",".join(sorted(found)) or "none"
