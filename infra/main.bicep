// Switchboard in one resource group: monitoring, storage, the service's Key Vault, the identity
// the app runs as, its role assignments, the Function App (Flex Consumption, .NET isolated worker)
// and the Key Vault events. This file only wires modules; each concern has its own under modules/.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd sets it). It names the resource group and seeds every resource name.')
param environmentName string

@minLength(1)
@description('Region for every resource; it must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@minLength(1)
@description('Audience of the API\'s Entra ID tokens: the application ID URI (api://...) or client id of the API\'s app registration.')
param authAudience string

@description('Entra ID authority that issues the API\'s tokens. Empty: this tenant\'s v2.0 endpoint.')
param authAuthority string = ''

@description('Create the Event Grid subscription from the vault to /api/events/keyvault. Leave false on the first deployment: Event Grid validates the endpoint, so deploy the code first, then redeploy with true.')
param deployEventSubscription bool = false

@description('Name of the resource group. Defaults to rg-<environmentName>.')
param resourceGroupName string = ''

var authority = !empty(authAuthority)
  ? authAuthority
  : '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
// Names are fixed before the deployment starts (rather than read from module outputs), so What-If
// can predict every resource; the modules that need another's resource depend on it explicitly.
var names = {
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package'
  keyVault: 'kv-${resourceToken}'
  identity: 'id-api-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-api-${resourceToken}'
  eventGridTopic: 'evgt-kv-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    applicationInsightsName: names.applicationInsights
  }
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
}

module app 'modules/app.bicep' = {
  name: 'app'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityName: names.identity
    storageAccountName: names.storage
    deploymentContainerName: names.deploymentContainer
    applicationInsightsName: names.applicationInsights
    keyVaultUri: keyVault.outputs.uri
    authAuthority: authority
    authAudience: authAudience
  }
  // The host reaches storage as soon as it starts: let its roles exist first (rbac itself waits
  // for the identity, the storage account, the vault and Application Insights).
  dependsOn: [
    rbac
  ]
}

module events 'modules/events.bicep' = {
  name: 'events'
  scope: rg
  params: {
    keyVaultName: names.keyVault
    location: location
    tags: tags
    topicName: names.eventGridTopic
    endpointUrl: 'https://${app.outputs.hostName}/api/events/keyvault'
    tenantId: tenant().tenantId
    authAudience: authAudience
    deploySubscription: deployEventSubscription
  }
}

// Names and addresses only; no key, connection string or token leaves the deployment.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.name
output SERVICE_API_NAME string = app.outputs.name
output SERVICE_API_URI string = 'https://${app.outputs.hostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_SERVICE_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_EVENT_GRID_TOPIC_NAME string = events.outputs.topicName
