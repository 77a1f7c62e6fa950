import os
import sys

# tests/reference.py and tests/tools are importable from every test
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
