# -*- coding: latin-1 -*-
"""Régression: la sortie passe par une ReLU."""
import torch.nn as nn

modèle = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2), nn.ReLU())  # é
