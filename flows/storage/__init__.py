"""The storage layer: the committed dataset on disk (store), the sorted-key and band-key
sidecar indexes that let a run look stored rows up instead of scanning them (key_index,
band_index), the dedup state read through them (state), and a run's part files (write)."""
