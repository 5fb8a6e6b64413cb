"""core.pipeline: validating in a thread while this thread writes what was validated."""

import threading

import pytest

from core.pipeline import overlapped, read_ahead

pytestmark = pytest.mark.django_db


def test_batches_reach_the_consumer_in_order_from_another_thread():
    producers, consumed = [], []

    def produce(put):
        producers.append(threading.get_ident())
        for batch in range(5):
            put([batch])
        return "validated"

    assert overlapped(produce, consumed.append) == "validated"
    assert consumed == [[0], [1], [2], [3], [4]]
    assert producers != [threading.get_ident()]  # on PostgreSQL the producer ran beside this thread


def test_an_error_in_the_producer_is_raised_here_after_what_it_put():
    consumed = []

    def produce(put):
        put(1)
        raise ValueError("第 9 行无法识别")

    with pytest.raises(ValueError, match="第 9 行"):
        overlapped(produce, consumed.append)
    assert consumed == [1]


def test_an_error_in_the_consumer_is_raised_once_the_thread_has_ended():
    def produce(put):
        for batch in range(3):
            put(batch)

    def consume(batch):
        raise RuntimeError("COPY failed")

    with pytest.raises(RuntimeError, match="COPY failed"):
        overlapped(produce, consume)
    assert not any(t.name == "import-validate" for t in threading.enumerate())


def test_items_are_read_ahead_in_another_thread_in_order():
    readers = []

    def sheets():
        for name in ("不合格产品", "合格产品"):
            readers.append(threading.get_ident())
            yield name

    assert list(read_ahead(sheets())) == ["不合格产品", "合格产品"]
    assert threading.get_ident() not in readers


def test_an_error_reading_ahead_is_raised_after_the_items_before_it():
    def sheets():
        yield "封面"
        raise ValueError("第 2 个工作表已损坏")

    read = []
    with pytest.raises(ValueError, match="已损坏"):
        for item in read_ahead(sheets()):
            read.append(item)
    assert read == ["封面"]
