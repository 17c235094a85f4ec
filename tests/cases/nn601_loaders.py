import torch.nn as nn
from torch.utils.data import DataLoader

model = nn.Sequential(nn.Conv2d(3, 8, 3), nn.BatchNorm2d(8), nn.ReLU(), nn.Flatten(), nn.LazyLinear(10))
BATCH = 1
train_loader = DataLoader(train_dataset, batch_size=BATCH, shuffle=True)  # expect: NN601
val_loader = DataLoader(val_dataset, batch_size=1)
test_loader = DataLoader(test_dataset)
testloader = DataLoader(testset)
loader = DataLoader(dataset)  # expect: NN601


def evaluate(model, dataset):
    return [model(x) for x in DataLoader(dataset)]
