<#
.SYNOPSIS
    Builds every book in a folder.
#>
param(
    [string]$BooksDir = "books",
    [int]$Retries = 3
)

# Stop on the first error.
$ErrorActionPreference = 'Stop'
$count = 0

function Build-Book([string]$Path) {
    Write-Host "Building $Path in $(Get-Location) with $env:PATH"
    & draftforge build --output "out/$(Split-Path $Path -Leaf)" $Path
    return $LASTEXITCODE -eq 0
}

Get-ChildItem -Path $BooksDir -Directory | ForEach-Object {
    if (Build-Book -Path $_.FullName) {
        $count++
    } elseif ($Retries -gt 0x0) {
        Write-Warning 'Retrying ''later'''
    }
}

$summary = @"
Built $count books
Café ✓ `"quoted`"
"@
Write-Output $summary
if ($count -ge 1 -and $true) { exit 0 } else { exit 1 }
