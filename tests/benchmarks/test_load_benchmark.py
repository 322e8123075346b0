"""The exports benchmarks/load.py generates from benchmarks/datagen.py read back whole: every line a row,
none rejected, every lookup resolved."""

from benchmarks.load import parse_only, write_exports


def test_the_generated_package_and_synapse_folder_read_back_without_a_rejection(tmp_path):
    package, folder, customers = write_exports(600, tmp_path)

    lines, rows, _ = parse_only([package, folder])

    assert customers == 600
    assert rows == lines > customers  # the reference data and the cdm_company table come along
