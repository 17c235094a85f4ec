# Clean look-alikes of nn703_normalize_between: between the two fixed-range steps the values go back to 0–255
# (ToPILImage, `* 255`), so the second step scales them once.
import torch
from torchvision import transforms

roundtrip = transforms.Compose([
    transforms.ToTensor(),
    transforms.ToPILImage(),
    transforms.RandomCrop(24),
    transforms.ToTensor(),
])
requantized = transforms.Compose([
    transforms.ToTensor(),
    transforms.Lambda(lambda t: t * 255),
    transforms.Lambda(lambda t: torch.round(t)),
    transforms.Lambda(lambda t: t / 255),
])
