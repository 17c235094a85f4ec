# FN class N1 (NN102 missed when the model returns several heads): the auxiliary classifier head ends in
# nn.Softmax() and its output, the second element of the returned tuple, feeds CrossEntropyLoss. nnlint finds the
# same pattern when the model returns a single tensor (pixelda.py:136) but not through a returned tuple.
# Distilled from eriklindernoren/PyTorch-GAN@36d3c77:implementations/acgan/acgan.py:100 (also sgan/sgan.py:99,
# infogan/infogan.py:111).
import torch
import torch.nn as nn

n_classes, latent_dim, img_size = 10, 100, 32


class Discriminator(nn.Module):
    def __init__(self):
        super(Discriminator, self).__init__()

        def discriminator_block(in_filters, out_filters, bn=True):
            block = [nn.Conv2d(in_filters, out_filters, 3, 2, 1), nn.LeakyReLU(0.2, inplace=True), nn.Dropout2d(0.25)]
            if bn:
                block.append(nn.BatchNorm2d(out_filters, 0.8))
            return block

        self.conv_blocks = nn.Sequential(
            *discriminator_block(1, 16, bn=False),
            *discriminator_block(16, 32),
            *discriminator_block(32, 64),
            *discriminator_block(64, 128),
        )
        ds_size = img_size // 2 ** 4
        self.adv_layer = nn.Sequential(nn.Linear(128 * ds_size ** 2, 1), nn.Sigmoid())
        self.aux_layer = nn.Sequential(nn.Linear(128 * ds_size ** 2, n_classes), nn.Softmax())  # expect: NN102

    def forward(self, img):
        out = self.conv_blocks(img)
        out = out.view(out.shape[0], -1)
        validity = self.adv_layer(out)
        label = self.aux_layer(out)
        return validity, label


adversarial_loss = torch.nn.BCELoss()
auxiliary_loss = torch.nn.CrossEntropyLoss()
discriminator = Discriminator()
optimizer_D = torch.optim.Adam(discriminator.parameters(), lr=0.0002, betas=(0.5, 0.999))

for imgs, labels in []:
    optimizer_D.zero_grad()
    real_pred, real_aux = discriminator(imgs)
    valid = torch.ones(imgs.size(0), 1)
    d_loss = (adversarial_loss(real_pred, valid) + auxiliary_loss(real_aux, labels)) / 2
    d_loss.backward()
    optimizer_D.step()
