"""A statistics step that sleeps: imported only by a fault drill's worker (`celery worker --include`), so the
drill can kill the worker while the run is surely in the middle of a step."""

import os
import time

from core import stats


@stats.step("drill.slow", label="演练：慢步骤")
def slow(ctx: stats.StepContext) -> int:
    time.sleep(float(os.environ.get("DRILL_SLOW_SECONDS", "120")))
    return 0
