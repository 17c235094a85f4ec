"""ToTensor already maps 0–255 to 0–1; the dataset divides the tensor again."""
import torch
from PIL import Image
from torch.utils.data import Dataset
from torchvision import transforms

to_tensor = transforms.ToTensor()


class Crops(Dataset):
    def __init__(self, files):
        self.files = files

    def __len__(self):
        return len(self.files)

    def __getitem__(self, i):
        image = to_tensor(Image.open(self.files[i]).convert("RGB"))
        return image.div(255)  # expect: NN703
