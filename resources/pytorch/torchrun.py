# torchrun, mended for Debian 12: there PyTorch 1.13 runs on Python 3.11, whose
# enums no longer equal their integer values, and torchrun stops at start with
# "AttributeError: 'NoneType' object has no attribute 'get'" (in to_map). With
# the same arguments as torchrun, on any PyTorch:
#     python3 torchrun.py --standalone --nproc_per_node=2 train.py --data DIR
# Where torchrun works, this is torchrun.
import re
import sys

from torch.distributed.elastic.multiprocessing import api

if api.Std.from_str("0") is None:
    def _from_str(vm):
        if re.fullmatch(r"\d", vm):
            return api.Std(int(vm))
        return {int(i): api.Std(int(v)) for i, v in (m.split(":") for m in vm.split(","))}

    api.Std.from_str = staticmethod(_from_str)

from torch.distributed.run import main  # noqa: E402  (after the mend)

if __name__ == "__main__":
    sys.exit(main())
