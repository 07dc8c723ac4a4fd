global using CaucusRooms.Client.Live;
global using CaucusRooms.Contracts;
global using Microsoft.AspNetCore.Components;
