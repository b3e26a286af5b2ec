"""ltop's scenario selector.

    LOCUST_SCENARIO=jsonplaceholder locust -f scenarios/locustfile.py --host http://...
    locust -f scenarios/locustfile.py --scenario httpbin --host http://...

Runs the User classes of scenarios/NAME.py. A scenario is any NAME.py in this directory
except this file and files starting with "_" (shared helpers). An unknown or missing name
stops Locust at once with one line listing the valid names.
"""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))

try:
    import ltop_plugin
except ImportError:  # PYTHONPATH not set: fall back to the repository layout (runtime/ next to scenarios/)
    sys.path.insert(0, os.path.join(os.path.dirname(_here), "runtime"))
    import ltop_plugin

globals().update(ltop_plugin.load_scenario(_here))
